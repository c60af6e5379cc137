package dev.cobro.application.service;

import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static dev.cobro.application.service.NotificationSignerTest.Accounts.DEFAULT_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationSignerTest {

    private static final ProviderId PAY = ProviderId.EIGHTY_EIGHT_PAY;
    private static final PaymentId PAYMENT = new PaymentId(UUID.fromString("5f0c1e7a-95a4-4a43-9d0e-2c1f3f0b8e11"));
    private static final PaymentId OTHER = new PaymentId(UUID.fromString("0b8a4e3c-1111-4c4c-8a8a-9f9f9f9f9f9f"));
    private final NotificationSigner signer = new NotificationSigner((provider, account) ->
            NotificationSigner.KeyRing.single(("key-of-" + provider + "-" + account + "-0123456789")
                    .getBytes(StandardCharsets.UTF_8)));

    @Test
    void theSignedUrlKeepsTheHostsUrlAsItsPrefix() {
        String url = signer.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(url).startsWith("https://shop.example/notify?cobro_pid=" + PAYMENT + "&cobro_sig=");
        assertThat(url.substring(url.indexOf("cobro_sig=") + 10)).matches("[A-Za-z0-9_-]{43}&cobro_kid=[A-Za-z0-9_-]{16}");
    }

    @Test
    void aHostQueryIsKeptAndCobrosParametersFollowIt() {
        String url = signer.signedUrl("https://shop.example/notify?shop=7&lang=es", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(url).startsWith("https://shop.example/notify?shop=7&lang=es&cobro_pid=" + PAYMENT + "&cobro_sig=");
        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, url).paymentId()).isEqualTo(PAYMENT);
    }

    @Test
    void aFragmentStaysLast() {
        String url = signer.signedUrl("https://shop.example/notify#top", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(url).startsWith("https://shop.example/notify?cobro_pid=").endsWith("#top");
        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, url).isSigned()).isTrue();
    }

    @Test
    void theQueryStringAloneVerifies() {
        String url = signer.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);
        String query = url.substring(url.indexOf('?'));

        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, query).paymentId()).isEqualTo(PAYMENT);
        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, query.substring(1)).paymentId()).isEqualTo(PAYMENT);
    }

    @Test
    void anotherPaymentsSignatureDoesNotVerify() {
        String own = signer.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, OTHER);
        String forged = own.replace(OTHER.toString(), PAYMENT.toString());

        NotificationSigner.Verdict verdict = signer.verify(PAY, DEFAULT_ACCOUNT, forged);

        assertThat(verdict.isSigned()).isFalse();
        assertThat(verdict.problem()).contains("does not match");
    }

    @Test
    void theSignatureCoversProviderAndAccount() {
        String url = signer.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(signer.verify(ProviderId.of("otherpay"), DEFAULT_ACCOUNT, url).isSigned()).isFalse();
        assertThat(signer.verify(PAY, "mex", url).isSigned()).isFalse();
    }

    @Test
    void missingRepeatedOrMalformedParametersDoNotVerify() {
        String url = signer.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, null).isSigned()).isFalse();
        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, "https://shop.example/notify").isSigned()).isFalse();
        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, url + "&cobro_pid=" + OTHER).problem()).contains("repeats");
        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, "cobro_pid=nope&cobro_sig=x").isSigned()).isFalse();
        assertThat(signer.verify(PAY, DEFAULT_ACCOUNT, "cobro_pid=" + PAYMENT + "&cobro_sig=%%%").isSigned())
                .isFalse();
    }

    @Test
    void anAccountWithoutAKeySendsTheHostsUrlUnchangedAndNothingVerifies() {
        NotificationSigner keyless = new NotificationSigner((provider, account) -> null);
        String url = signer.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(keyless.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT))
                .isEqualTo("https://shop.example/notify");
        assertThat(keyless.verify(PAY, DEFAULT_ACCOUNT, url).isSigned()).isFalse();
    }

    @Test
    void aDerivedKeyIsTheSameForTheSameApiKeyAndDiffersPerAccount() {
        byte[] one = NotificationSigner.derivedKey("sk_test_MCH-COL-1_abc", PAY, DEFAULT_ACCOUNT);

        assertThat(NotificationSigner.derivedKey("sk_test_MCH-COL-1_abc", PAY, DEFAULT_ACCOUNT)).isEqualTo(one)
                .hasSize(32);
        assertThat(NotificationSigner.derivedKey("sk_test_MCH-COL-1_abc", PAY, "mex")).isNotEqualTo(one);
        assertThat(NotificationSigner.derivedKey("sk_test_MCH-COL-2_abc", PAY, DEFAULT_ACCOUNT)).isNotEqualTo(one);
    }

    // --- key rings ---------------------------------------------------------------------------

    private static final byte[] OLD = "old-signing-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new-signing-key-0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static NotificationSigner ring(NotificationSigner.Key... keys) {
        NotificationSigner.KeyRing ring = NotificationSigner.KeyRing.of(List.of(keys));
        return new NotificationSigner((provider, account) -> ring);
    }

    @Test
    void theFirstKeyOfTheRingSignsAndNamesItselfAndEveryKeyOfTheRingVerifies() {
        NotificationSigner before = ring(NotificationSigner.Key.of("k1", OLD));
        NotificationSigner after = ring(NotificationSigner.Key.of("k2", NEW), NotificationSigner.Key.of("k1", OLD));

        NotificationSigner.Signed underOld = before.sign("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);
        NotificationSigner.Signed underNew = after.sign("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(underOld.keyId()).isEqualTo("k1");
        assertThat(underOld.url()).endsWith("&cobro_kid=k1");
        assertThat(underNew.keyId()).isEqualTo("k2");
        assertThat(after.verify(PAY, DEFAULT_ACCOUNT, underOld.url()).paymentId()).isEqualTo(PAYMENT);
        assertThat(after.verify(PAY, DEFAULT_ACCOUNT, underNew.url()).paymentId()).isEqualTo(PAYMENT);
        NotificationSigner.Verdict dropped = before.verify(PAY, DEFAULT_ACCOUNT, underNew.url());
        assertThat(dropped.isSigned()).isFalse();
        assertThat(dropped.problem()).contains("key k2 is no longer configured");
    }

    @Test
    void theKeyIdIsCoveredByTheSignature() {
        NotificationSigner both = ring(NotificationSigner.Key.of("k2", NEW), NotificationSigner.Key.of("k1", OLD));
        String url = both.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(both.verify(PAY, DEFAULT_ACCOUNT, url.replace("cobro_kid=k2", "cobro_kid=k1")).problem())
                .contains("does not match");
        assertThat(both.verify(PAY, DEFAULT_ACCOUNT, url + "&cobro_kid=k1").problem()).contains("repeats");
    }

    @Test
    void aUrlSignedBeforeKeyIdsVerifiesWithAnyKeyOfTheRing() throws Exception {
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(OLD, "HmacSHA256"));
        String legacy = "https://shop.example/notify?cobro_pid=" + PAYMENT + "&cobro_sig="
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(
                ("88pay|" + DEFAULT_ACCOUNT + "|" + PAYMENT).getBytes(StandardCharsets.UTF_8)));

        assertThat(ring(NotificationSigner.Key.fingerprinted(OLD)).verify(PAY, DEFAULT_ACCOUNT, legacy).paymentId())
                .isEqualTo(PAYMENT);
        assertThat(ring(NotificationSigner.Key.of("k2", NEW), NotificationSigner.Key.of("k1", OLD))
                .verify(PAY, DEFAULT_ACCOUNT, legacy).paymentId()).isEqualTo(PAYMENT);
        assertThat(ring(NotificationSigner.Key.of("k2", NEW)).verify(PAY, DEFAULT_ACCOUNT, legacy).isSigned())
                .isFalse();
    }

    @Test
    void aKeyNamedByItsFingerprintIsFoundUnderTheIdTheRingGivesItLater() {
        String url = ring(NotificationSigner.Key.fingerprinted(OLD)).signedUrl("https://shop.example/notify", PAY,
                DEFAULT_ACCOUNT, PAYMENT);

        assertThat(url).contains("&cobro_kid=" + NotificationSigner.Key.fingerprinted(OLD).fingerprint());
        assertThat(ring(NotificationSigner.Key.of("k2", NEW), NotificationSigner.Key.of("k1", OLD))
                .verify(PAY, DEFAULT_ACCOUNT, url).isSigned()).isTrue();
    }

    @Test
    void aRingIsParsedFromItsTextAndBadEntriesAreNamedByPositionNeverQuoted() {
        String b64 = java.util.Base64.getEncoder().encodeToString(NEW);
        List<NotificationSigner.Key> keys = NotificationSigner.Key.parseRing(" k2:" + b64 + " , k1:"
                + java.util.Base64.getEncoder().encodeToString(OLD));

        assertThat(keys).extracting(NotificationSigner.Key::id).containsExactly("k2", "k1");
        assertThat(keys.get(0).toString()).doesNotContain(b64);
        assertThatThrownBy(() -> NotificationSigner.Key.parseRing("k2:" + b64 + ",secretwithoutid"))
                .hasMessageContaining("key 2").hasMessageNotContaining("secretwithoutid");
        assertThatThrownBy(() -> NotificationSigner.Key.parseRing("k2:c2hvcnQ="))
                .hasMessageContaining("at least 16 bytes");
        assertThatThrownBy(() -> NotificationSigner.Key.parseRing("k/2:" + b64)).hasMessageContaining("key 1");
        assertThatThrownBy(() -> NotificationSigner.KeyRing.of(List.of(NotificationSigner.Key.of("k", NEW),
                NotificationSigner.Key.of("k", OLD)))).hasMessageContaining("two notification signing keys");
        // The same key listed twice is kept once.
        assertThat(NotificationSigner.KeyRing.of(List.of(NotificationSigner.Key.of("k", NEW),
                NotificationSigner.Key.fingerprinted(NEW))).ids()).containsExactly("k");
    }

    /** The default account's id as the signer takes it. */
    static final class Accounts {
        static final String DEFAULT_ACCOUNT = dev.cobro.domain.shared.AccountId.DEFAULT.value();
    }
}
