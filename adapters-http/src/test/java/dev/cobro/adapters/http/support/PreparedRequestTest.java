package dev.cobro.adapters.http.support;

import dev.cobro.application.port.out.PreparedCall;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one prepared-request type every provider's prepared call extends: what it shows and how often it sends. */
class PreparedRequestTest {

    private static final String BODY = "{\"pan\":\"4111111111111111\",\"security_code\":\"123\"}";
    private static final String REDACTED = "{\"pan\":\"411111******1111\",\"security_code\":\"***\"}";

    private static final class Card extends PreparedRequest {
        Card() {
            super(new Redaction.Serialized(BODY, REDACTED));
        }
    }

    private static final class Other extends PreparedRequest {
        Other() {
            super("", "DELETE /other");
        }
    }

    @Test
    void itShowsOnlyTheRedactedFormAndRecordsIt() {
        Card card = new Card();

        assertThat(card.redactedRequest()).isEqualTo(REDACTED);
        assertThat(card.toString()).isEqualTo("Card[" + REDACTED + "]").doesNotContain("4111111111111111", "\"123\"");
    }

    @Test
    void aBodyReadForResendingStaysButATakenOneGoesOutOnce() {
        Card card = new Card();

        assertThat(card.body()).isEqualTo(BODY);
        assertThat(card.body()).as("read again, e.g. for a send under a fresh token").isEqualTo(BODY);
        assertThat(card.takeBody()).isEqualTo(BODY);
        assertThatThrownBy(card::takeBody).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already sent").hasMessageNotContaining("4111111111111111");
        assertThatThrownBy(card::body).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAdapterSendsOnlyTheTypeItPrepared() {
        PreparedCall card = new Card();
        PreparedCall foreign = () -> "{}";

        assertThat(PreparedRequest.ours(card, Card.class, "Test", "cards")).isSameAs(card);
        assertThatThrownBy(() -> PreparedRequest.ours(new Other(), Card.class, "Test", "cards"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the Test adapter sends only cards it prepared");
        assertThatThrownBy(() -> PreparedRequest.ours(foreign, Card.class, "Test", "cards"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreparedRequest.ours(null, Card.class, "Test", "cards"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not null");
    }
}
