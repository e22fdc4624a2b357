/**
 * Inbasket mailets and matchers for Apache James 3.8.1.
 *
 * <p>Each pipeline step is one small class: matchers detect ({@code IsUrgent}, {@code HasRecipientCertificate}),
 * mailets act ({@code SmimeEncrypt}, {@code RouteToPool}). Every class validates its parameters in
 * {@code init()} and documents its failure behaviour and trust boundary in its javadoc.</p>
 */
package org.inbasket.mailets;
