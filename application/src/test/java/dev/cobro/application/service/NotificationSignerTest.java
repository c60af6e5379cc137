package dev.cobro.application.service;

import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.ProviderId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static dev.cobro.application.service.NotificationSignerTest.Accounts.DEFAULT_ACCOUNT;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationSignerTest {

    private static final ProviderId PAY = ProviderId.EIGHTY_EIGHT_PAY;
    private static final PaymentId PAYMENT = new PaymentId(UUID.fromString("5f0c1e7a-95a4-4a43-9d0e-2c1f3f0b8e11"));
    private static final PaymentId OTHER = new PaymentId(UUID.fromString("0b8a4e3c-1111-4c4c-8a8a-9f9f9f9f9f9f"));
    private final NotificationSigner signer = new NotificationSigner((provider, account) ->
            ("key-of-" + provider + "-" + account + "-0123456789").getBytes(StandardCharsets.UTF_8));

    @Test
    void theSignedUrlKeepsTheHostsUrlAsItsPrefix() {
        String url = signer.signedUrl("https://shop.example/notify", PAY, DEFAULT_ACCOUNT, PAYMENT);

        assertThat(url).startsWith("https://shop.example/notify?cobro_pid=" + PAYMENT + "&cobro_sig=");
        assertThat(url.substring(url.indexOf("cobro_sig=") + 10)).matches("[A-Za-z0-9_-]{43}");
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

    /** The default account's id as the signer takes it. */
    static final class Accounts {
        static final String DEFAULT_ACCOUNT = dev.cobro.domain.shared.AccountId.DEFAULT.value();
    }
}
