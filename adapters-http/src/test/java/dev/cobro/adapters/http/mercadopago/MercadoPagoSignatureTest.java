package dev.cobro.adapters.http.mercadopago;

import dev.cobro.application.fakes.ControllableClock;
import dev.cobro.application.port.out.NotificationAuthenticityPort.Proof;
import dev.cobro.application.port.out.ParsedNotification;
import dev.cobro.domain.shared.AccountId;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code x-signature} over the documented manifest, with Mercado Pago's own worked example. */
class MercadoPagoSignatureTest {

    static final String SECRET = "mp_whsec_test_0123456789";
    static final Instant NOW = Instant.ofEpochMilli(1742505638683L);
    static final String URL = "https://shop.example/notify?data.id=123456&type=payment&cobro_pid=p&cobro_sig=s";
    final ControllableClock clock = new ControllableClock(NOW);
    final MercadoPagoNotificationAuthenticityAdapter proof =
            new MercadoPagoNotificationAuthenticityAdapter(AccountId.DEFAULT, SECRET, clock);
    final ParsedNotification body = new ParsedNotification(null, "123456", "payment.updated", null, null, null);

    static String sign(String manifest) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
    }

    Proof verify(String signature, String requestId) {
        return requestId == null ? proof.verify(body, Map.of("x-signature", signature), URL)
                : proof.verify(body, Map.of("x-signature", signature, "x-request-id", requestId), URL);
    }

    @Test
    void theDocumentedManifestVerifies() throws Exception {
        String v1 = sign("id:123456;request-id:bb56a2f1-6aae-46ac-982e-9dcd3581d08e;ts:1742505638683;");
        assertThat(verify("ts=1742505638683,v1=" + v1, "bb56a2f1-6aae-46ac-982e-9dcd3581d08e").isValid()).isTrue();
    }

    @Test
    void aMissingRequestIdIsLeftOutOfTheManifest() throws Exception {
        assertThat(verify("ts=1742505638683,v1=" + sign("id:123456;ts:1742505638683;"), null).isValid()).isTrue();
    }

    @Test
    void tsInSecondsIsAcceptedToo() throws Exception {
        assertThat(verify("ts=1742505638,v1=" + sign("id:123456;ts:1742505638;"), null).isValid()).isTrue();
    }

    @Test
    void aForgedOrStaleOrMissingSignatureFails() throws Exception {
        String other = sign("id:999;ts:1742505638683;");
        assertThat(verify("ts=1742505638683,v1=" + other, null).problem()).contains("does not verify");
        assertThat(proof.verify(body, Map.of(), URL).problem()).contains("no x-signature");
        assertThat(verify("ts=1742505638683", null).isValid()).isFalse();
        clock.advance(Duration.ofHours(1));
        assertThat(verify("ts=1742505638683,v1=" + sign("id:123456;ts:1742505638683;"), null).problem())
                .contains("from now");
    }

    @Test
    void theQueryStringsIdIsTheOneSigned() throws Exception {
        String v1 = sign("id:123456;ts:1742505638683;");
        Proof moved = proof.verify(body, Map.of("x-signature", "ts=1742505638683,v1=" + v1),
                "https://shop.example/notify?data.id=777&type=payment");
        assertThat(moved.isValid()).isFalse();
        assertThat(proof.toString()).doesNotContain(SECRET);
    }
}
