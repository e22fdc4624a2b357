/**
 * Notify-and-pickup: mail to patients without certificates is kept in the gateway's pickup store and the
 * patient receives only a notification with a link to the secure portal.
 *
 * <p>{@link org.inbasket.mailets.pickup.StoreForPickup} is the pipeline step; {@link
 * org.inbasket.mailets.pickup.PickupStore} is the store (in-memory here, JDBC with encryption at rest in the
 * gateway); {@link org.inbasket.mailets.pickup.PickupNotifications} composes the notification.</p>
 *
 * <p>SECURITY: nothing in this package logs or returns message content outside the store. Notifications carry
 * no subject, body or attachment name of the original.</p>
 */
package org.inbasket.mailets.pickup;
