package dev.cobro.adapters.http.eightyeightpay;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEEncrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.PlainObject;
import com.nimbusds.jose.crypto.AESEncrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.PasswordBasedEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.out.NotificationAuthenticityPort.Proof;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.domain.payment.PaymentStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.crypto.spec.SecretKeySpec;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.cobro.adapters.http.eightyeightpay.EightyEightPayStubs.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * 88Pay's bearer token on its webhook: each test makes its own JWE (88Pay publishes no cipher)
 * and checks what the adapter believes.
 */
class EightyEightPayNotificationAuthenticityTest {

    /** 32 bytes: an AES-256 key. */
    private static final String SECRET = "whsec_test_0123456789abcdefghijk";
    private static final String SESSION = "sess_4e91a5c1-0000-4000-8000-000000000001";
    private static final ParsedNotification BODY = new ParsedNotification(SESSION, null, "COMPLETED",
            PaymentStatus.SUCCEEDED, new BigDecimal("50000"), null);

    private final ControllableClock clock = new ControllableClock(T0);
    private final EightyEightPayNotificationAuthenticityAdapter adapter =
            new EightyEightPayNotificationAuthenticityAdapter(SECRET, clock);

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({"dir, A256GCM", "A256KW, A256GCM", "A256KW, A128CBC-HS256", "A256GCMKW, A256GCM"})
    void aTokenMadeWithTheSharedSecretAboutThisNotificationHolds(String alg, String enc) throws Exception {
        String token = encrypt(JWEAlgorithm.parse(alg), EncryptionMethod.parse(enc), claims(SESSION, "\"50000\"", T0),
                sharedSecretEncrypter(JWEAlgorithm.parse(alg), SECRET));

        assertThat(verify(token)).isEqualTo(Proof.holds());
    }

    @Test
    void theAmountIsComparedNumerically() throws Exception {
        // The body says "50000", the token 50000.00 as a number.
        String token = aes256kw(claims(SESSION, "50000.00", T0), SECRET);

        assertThat(verify(token).isValid()).isTrue();
    }

    @Test
    void anEcKeyIsRefusedAtBuildTimeSayingWhyForAnyoneWithItsPublicKeyCouldMakeATokenItOpens() throws Exception {
        ECKey merchant = new ECKeyGenerator(Curve.P_256).generate();

        assertThatThrownBy(() -> new EightyEightPayNotificationAuthenticityAdapter(merchant.toJSONString(), clock))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ECDH-ES").hasMessageContaining("public key")
                .hasMessageNotContaining(merchant.getD().toString());
        assertThatThrownBy(() -> EightyEightPaySettings.defaults(EightyEightPaySettings.SANDBOX_BASE_URL,
                "sk_test_key", "MCH-COL-TEST").withWebhookSecret(merchant.toJSONString()))
                .hasMessageContaining("webhook_secret").hasMessageContaining("ECDH-ES")
                .hasMessageNotContaining(merchant.getD().toString());
        // Its public half alike: encryption to it proves nothing about who encrypted.
        assertThatThrownBy(() -> new EightyEightPayNotificationAuthenticityAdapter(
                merchant.toPublicJWK().toJSONString(), clock)).hasMessageContaining("ECDH-ES");
    }

    @Test
    void anEcdhEsTokenMadeWithTheMerchantsPublicKeyProvesNothing() throws Exception {
        ECKey merchant = new ECKeyGenerator(Curve.P_256).generate();
        for (JWEAlgorithm alg : new JWEAlgorithm[]{JWEAlgorithm.ECDH_ES_A256KW, JWEAlgorithm.ECDH_ES}) {
            String token = encrypt(alg, EncryptionMethod.A256GCM, claims(SESSION, "\"50000\"", T0),
                    new ECDHEncrypter(merchant.toECPublicKey()));

            assertThat(verify(token).problem()).contains("not one Cobro accepts");
        }
    }

    @Test
    void anIssueTimeOutOfAnyRangeIsAClearRefusalNotAnException() throws Exception {
        for (String iat : new String[]{String.valueOf(Long.MAX_VALUE), String.valueOf(Long.MIN_VALUE),
                "31556889864403199", "-31557014167219200"}) {
            String token = aes256kw("{\"transaction_id\":\"" + SESSION + "\",\"transaction_amount\":\"50000\""
                    + ",\"iat\":" + iat + "}", SECRET);

            Proof proof = verify(token);

            assertThat(proof.isValid()).isFalse();
            assertThat(proof.problem()).contains("iat").doesNotContain(iat);
        }
    }

    @Test
    void aTokenAboutAnotherTransactionFails() throws Exception {
        String token = aes256kw(claims("sess_someone-else", "\"50000\"", T0), SECRET);

        assertThat(verify(token).problem()).contains("transaction_id").doesNotContain("sess_someone-else");
    }

    @Test
    void aTokenWithAnotherAmountFails() throws Exception {
        String token = aes256kw(claims(SESSION, "\"50\"", T0), SECRET);

        assertThat(verify(token).problem()).contains("transaction_amount");
    }

    @Test
    void aTokenOlderThanFiveMinutesFailsByTheInjectedClock() throws Exception {
        String token = aes256kw(claims(SESSION, "\"50000\"", T0), SECRET);
        clock.advance(Duration.ofMinutes(5));
        assertThat(verify(token).isValid()).as("exactly 5 minutes old").isTrue();

        clock.advance(Duration.ofSeconds(1));

        assertThat(verify(token).problem()).contains("older than 5 minutes");
    }

    @Test
    void aTokenFromTheFutureFails() throws Exception {
        String token = aes256kw(claims(SESSION, "\"50000\"", T0.plus(Duration.ofMinutes(2))), SECRET);

        assertThat(verify(token).problem()).contains("future");
    }

    @Test
    void aTokenMadeWithAnotherSecretFails() throws Exception {
        String token = aes256kw(claims(SESSION, "\"50000\"", T0), "another-secret-0123456789abcdefg");

        assertThat(verify(token).problem()).contains("does not decrypt");
    }

    @Test
    void noTokenOrNoBearerFails() {
        assertThat(adapter.verify(BODY, Map.of()).problem()).contains("no 88Pay bearer token");
        assertThat(adapter.verify(BODY, Map.of("authorization", "Basic abc")).problem()).contains("not a bearer");
        assertThat(verify("not-a-token").problem()).contains("not an encrypted token");
    }

    @Test
    void anUnsecuredOrMerelySignedTokenProvesNothing() throws Exception {
        Payload payload = new Payload(claims(SESSION, "\"50000\"", T0));
        String none = new PlainObject(payload).serialize();
        JWSObject signed = new JWSObject(new JWSHeader(JWSAlgorithm.HS256), payload);
        signed.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));

        assertThat(verify(none).problem()).contains("not an encrypted token");
        assertThat(verify(signed.serialize()).problem()).contains("not an encrypted token");
    }

    @Test
    void passwordBasedAndRsaTokensAreRefusedBeforeAnyDecryption() throws Exception {
        String claims = claims(SESSION, "\"50000\"", T0);
        String pbes2 = encrypt(JWEAlgorithm.PBES2_HS256_A128KW, EncryptionMethod.A128GCM, claims,
                new PasswordBasedEncrypter(SECRET, 16, 1000));
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String oaep = encrypt(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A256GCM, claims,
                new RSAEncrypter(rsa.toRSAPublicKey()));

        assertThat(verify(pbes2).problem()).contains("PBES2-HS256+A128KW", "not one Cobro accepts");
        assertThat(verify(oaep).problem()).contains("RSA-OAEP-256", "not one Cobro accepts");
    }

    @Test
    void aTokenWithoutIssueTimeFails() throws Exception {
        String token = aes256kw("{\"transaction_id\":\"" + SESSION + "\",\"transaction_amount\":\"50000\"}", SECRET);

        assertThat(verify(token).problem()).contains("iat");
    }

    @Test
    void aSecretThatFitsNoAesKeyIsRefusedWithoutBeingQuoted() {
        assertThatThrownBy(() -> new EightyEightPayNotificationAuthenticityAdapter("short-secret", clock))
                .hasMessageContaining("16, 24, 32, 48 or 64 bytes").hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> EightyEightPaySettings.defaults(EightyEightPaySettings.SANDBOX_BASE_URL,
                "sk_test_key", "MCH-COL-TEST").withWebhookSecret("short-secret"))
                .hasMessageContaining("webhook_secret").hasMessageNotContaining("short-secret");
    }

    @Test
    void theSettingsNeverShowTheSecret() {
        EightyEightPaySettings settings = EightyEightPaySettings.defaults(EightyEightPaySettings.SANDBOX_BASE_URL,
                "sk_test_key", "MCH-COL-TEST").withWebhookSecret(SECRET);

        assertThat(settings.toString()).doesNotContain(SECRET).contains("webhookSecret=***");
        assertThat(adapter.toString()).doesNotContain(SECRET);
    }

    private Proof verify(String token) {
        return adapter.verify(BODY, Map.of("authorization", "Bearer " + token));
    }

    static String claims(String transactionId, String amountJson, Instant issuedAt) {
        return "{\"transaction_id\":\"" + transactionId + "\",\"transaction_amount\":" + amountJson + ",\"iat\":"
                + issuedAt.getEpochSecond() + "}";
    }

    private static String aes256kw(String claims, String secret) throws JOSEException {
        return encrypt(JWEAlgorithm.A256KW, EncryptionMethod.A256GCM, claims,
                sharedSecretEncrypter(JWEAlgorithm.A256KW, secret));
    }

    private static JWEEncrypter sharedSecretEncrypter(JWEAlgorithm alg, String secret) throws JOSEException {
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "AES");
        return JWEAlgorithm.DIR.equals(alg) ? new DirectEncrypter(key) : new AESEncrypter(key);
    }

    private static String encrypt(JWEAlgorithm alg, EncryptionMethod enc, String claims, JWEEncrypter encrypter)
            throws JOSEException {
        JWEObject jwe = new JWEObject(new JWEHeader(alg, enc), new Payload(claims));
        jwe.encrypt(encrypter);
        return jwe.serialize();
    }
}
