package dev.cobro.domain.shared;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViolationsTest {

    @Test
    void everyViolationIsReportedInOneException() {
        Violations v = new Violations();
        v.add("first_name", "is required", null);
        v.add("email", "must be an e-mail address", "nope");

        assertThatThrownBy(v::throwIfAny)
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("first_name", "email"))
                .hasMessageContaining("2 violations")
                .hasMessageContaining("first_name: is required")
                .hasMessageContaining("email: must be an e-mail address (was 'nope')");
    }

    @Test
    void aValueObjectsViolationsKeepTheirFieldsUnderTheParent() {
        Violations v = new Violations();

        Description built = v.field("meta", () -> new Description(""));
        Money money = v.field("amount", () -> Money.of("-1", "PEN"));

        assertThat(built).isNull();
        assertThat(money).isNull();
        assertThat(v.list()).extracting(Violation::field).containsExactly("meta.description", "amount");
        assertThat(v.list().get(1).rule()).contains("-1").contains("negative");
    }

    @Test
    void noViolationsMeansNoException() {
        Violations v = new Violations();

        assertThat(v.field("description", () -> new Description("ok"))).isEqualTo(new Description("ok"));
        v.throwIfAny();
        assertThat(v.isEmpty()).isTrue();
    }

    @Test
    void aValidationExceptionNeedsAViolation() {
        assertThatThrownBy(() -> new ValidationException(List.of())).isInstanceOf(IllegalStateException.class);
    }
}
