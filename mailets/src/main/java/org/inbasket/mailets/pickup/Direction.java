package org.inbasket.mailets.pickup;

/** Which way a stored message went between the clinic and the patient. */
public enum Direction {
    /** Written by clinic staff, picked up by the patient through a link. */
    TO_PATIENT,
    /** Written by the patient in the portal; kept so the patient sees the whole conversation. */
    FROM_PATIENT
}
