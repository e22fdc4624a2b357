package org.inbasket.mailets.smime;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum constant with the lower-case name used in configuration, e.g. {@code aes-256-gcm}. */
public interface ParameterValue {
    /** @return the name used in configuration, parameters and headers */
    String parameterValue();

    /**
     * @param what what the value names, for the error message (e.g. "content cipher")
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    static <E extends Enum<E> & ParameterValue> E parse(Class<E> type, String value, String what) {
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        E[] constants = type.getEnumConstants();
        return Arrays.stream(constants)
            .filter(constant -> constant.parameterValue().equals(wanted))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown " + what + " '" + value + "', expected one of "
                + Arrays.stream(constants).map(ParameterValue::parameterValue).collect(Collectors.joining(", "))));
    }
}
