package dev.cobro.application.fakes;

/** Card data from the Pay-me seed page, for tests only. */
public final class TestCards {

    /** The seed's approved test card. */
    public static final String PAN = "4859510000000051";
    public static final String MASKED_PAN = "485951******0051";
    public static final String EXPIRY = "1234";
    public static final String CVV = "123";
    /** The seed's token id (examples 1 and 2). */
    public static final String TOKEN = "822a-748e-3z9h-0051";
    /** A key for {@code TokenHasher} in tests. */
    public static final byte[] TOKEN_HASH_KEY = "cobro-test-token-hash-key".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private TestCards() {
    }
}
