package dev.cobro.domain.authorization;

import dev.cobro.domain.shared.Text;
import dev.cobro.domain.shared.Violations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Pay-me's {@code transaction.meta.additional_fields}: the merchant's own fields, passed through
 * in order. {@code plan} and {@code cuota} are numeric, at most 5 digits.
 */
public record AdditionalFields(Map<String, String> values) {

    public static final AdditionalFields NONE = new AdditionalFields(Map.of());

    public AdditionalFields {
        Violations v = new Violations();
        Map<String, String> copy = new LinkedHashMap<>();
        if (values != null) {
            values.forEach((key, value) -> {
                if (key == null || key.isBlank() || key.length() > 50) {
                    v.add("additional_fields", "keys must be 1 to 50 characters", key);
                } else if (value == null) {
                    v.add("additional_fields." + key, "must not be null", null);
                } else {
                    Text.maxLength(v, "additional_fields." + key, value, 255);
                    copy.put(key, value);
                }
            });
        }
        for (String numeric : new String[]{"plan", "cuota"}) {
            String value = copy.get(numeric);
            if (value != null && (value.length() > 5 || !Text.isDigits(value))) {
                v.add("additional_fields." + numeric, "must be 1 to 5 digits", value);
            }
        }
        v.throwIfAny();
        values = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }
}
