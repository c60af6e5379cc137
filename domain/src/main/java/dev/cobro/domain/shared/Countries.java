package dev.cobro.domain.shared;

import java.util.Locale;
import java.util.Set;

/** ISO 3166-1 country codes as the JDK knows them. */
public final class Countries {

    private static final Set<String> ALPHA2 = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);
    private static final Set<String> ALPHA3 = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA3);

    private Countries() {
    }

    public static boolean isAlpha2(String code) {
        return code != null && ALPHA2.contains(code);
    }

    public static boolean isAlpha3(String code) {
        return code != null && ALPHA3.contains(code);
    }
}
