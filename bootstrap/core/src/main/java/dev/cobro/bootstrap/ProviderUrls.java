package dev.cobro.bootstrap;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule for a provider's base URL: {@code https}, or {@code http} to a loopback host (a sandbox on
 * the same machine); anything else needs {@link Cobro.Builder#allowInsecureHttp()}. Decided from the
 * URL's text alone: no name is looked up.
 */
final class ProviderUrls {

    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

    private ProviderUrls() {
    }

    static void requireSecure(String what, String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            return; // the settings already refused it with their own message
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if ("https".equals(scheme) || ("http".equals(scheme) && isLoopback(uri.getHost()))) {
            return;
        }
        // Scheme and host only: the URL's user info, path or query are not repeated.
        throw new IllegalArgumentException(what + " is " + scheme + "://" + uri.getHost() + ": providers are"
                + " called over https only (http only to a loopback host); for tests or a sandbox elsewhere,"
                + " call Cobro.builder().allowInsecureHttp()");
    }

    static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        String name = host.toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return true;
        }
        String literal = name.startsWith("[") && name.endsWith("]") ? name.substring(1, name.length() - 1) : name;
        if (!IPV4.matcher(literal).matches() && !literal.contains(":")) {
            return false; // a name other than localhost: not looked up, so not known to be loopback
        }
        try {
            // A literal address: parsed, never resolved.
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
