package dev.cobro.bootstrap.accounts;

import dev.cobro.adapters.http.eightyeightpay.EightyEightPaySettings;
import dev.cobro.adapters.http.payme.PaymeSettings;
import dev.cobro.adapters.http.support.HttpTimeouts;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizeCardCommand;
import dev.cobro.application.port.in.AuthorizeCardCommand.CardData;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.ListOutcomeEventsCommand;
import dev.cobro.application.port.in.QueryTransactionHistoryCommand;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.in.ReverseAuthorizationCommand;
import dev.cobro.application.port.out.HistoryCriteria;
import dev.cobro.application.port.in.ProviderNotConfiguredException;
import dev.cobro.application.port.in.RecordPaymentNotificationCommand;
import dev.cobro.application.port.in.StartCheckoutPaymentCommand;
import dev.cobro.application.service.NotificationSigner;
import dev.cobro.bootstrap.Cobro;
import dev.cobro.db.testing.TestDatabase;
import dev.cobro.domain.authorization.Address;
import dev.cobro.domain.authorization.AuthorizationStatus;
import dev.cobro.domain.authorization.CardHolder;
import dev.cobro.domain.authorization.Channel;
import dev.cobro.domain.authorization.OperationNumber;
import dev.cobro.domain.payment.CustomerId;
import dev.cobro.domain.payment.NotificationOutcome;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.domain.payment.PaymentStatus;
import dev.cobro.domain.shared.AccountId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.ProviderId;
import dev.cobro.testkit.ProviderSandbox;
import dev.cobro.testkit.SandboxNotification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two 88Pay accounts (a merchant id per country, as 88Pay issues them) on one database, against the
 * sandbox over loopback HTTP (ARCHITECTURE.md, Provider accounts): checkouts route by country, each account
 * asks for its own token with its own credentials, and a notification signed for one account cannot
 * settle a payment of the other.
 */
class ProviderAccountsIT {

    static final String COL_MERCHANT = "MCH-COL-TEST-29ZTP4";
    static final String COL_KEY = "sk_test_col_key";
    static final String MEX_MERCHANT = "MCH-MEX-TEST-81QWE2";
    static final String MEX_KEY = "sk_test_mex_key";

    static ProviderSandbox sandbox;
    static TestDatabase.Handle db;
    static Cobro cobro;

    @BeforeAll
    static void start() {
        sandbox = ProviderSandbox.builder().port(0)
                .eightyEightPayCredentials(COL_KEY, COL_MERCHANT)
                .eightyEightPayMerchant(MEX_KEY, MEX_MERCHANT)
                .start();
        db = TestDatabase.freshDatabase();
        cobro = Cobro.builder()
                .dataSource(db.dataSource())
                .eightyEightPay("col", EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(), COL_KEY,
                        COL_MERCHANT), "COL")
                .eightyEightPay("mex", EightyEightPaySettings.defaults(sandbox.eightyEightPayBaseUrl(), MEX_KEY,
                        MEX_MERCHANT), "MEX")
                .payme(payme())
                .payme("pe2", payme())
                .build();
    }

    @AfterAll
    static void stop() {
        if (cobro != null) {
            cobro.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void checkoutsRouteByCountryAndEachAccountUsesItsOwnCredentialsAndToken() throws SQLException {
        long colTokens = sandbox.tokenRequests88Pay(COL_MERCHANT);
        long mexTokens = sandbox.tokenRequests88Pay(MEX_MERCHANT);
        long colCharges = sandbox.charges88Pay(COL_MERCHANT);
        long mexCharges = sandbox.charges88Pay(MEX_MERCHANT);

        PaymentView col = cobro.checkoutPayments().start(checkout("order-" + UUID.randomUUID(), "COP", "COL")).payment();
        PaymentView mex = cobro.checkoutPayments().start(checkout("order-" + UUID.randomUUID(), "MXN", "MEX")).payment();

        assertThat(col.account()).isEqualTo(AccountId.of("col"));
        assertThat(mex.account()).isEqualTo(AccountId.of("mex"));
        assertThat(col.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        assertThat(mex.status()).isEqualTo(PaymentStatus.AWAITING_CUSTOMER);
        // The sandbox accepts a token request only with the merchant's own API key, and counts per merchant id.
        assertThat(sandbox.charges88Pay(COL_MERCHANT)).isEqualTo(colCharges + 1);
        assertThat(sandbox.charges88Pay(MEX_MERCHANT)).isEqualTo(mexCharges + 1);
        assertThat(sandbox.tokenRequests88Pay(COL_MERCHANT)).isBetween(colTokens, colTokens + 1);
        assertThat(sandbox.tokenRequests88Pay(MEX_MERCHANT)).isBetween(mexTokens, mexTokens + 1);
        assertThat(sandbox.tokenRequests88Pay(COL_MERCHANT) + sandbox.tokenRequests88Pay(MEX_MERCHANT))
                .isEqualTo(sandbox.tokenRequests88Pay());
        assertThat(sandbox.tokenRequests88Pay(COL_MERCHANT)).isPositive();
        assertThat(sandbox.tokenRequests88Pay(MEX_MERCHANT)).isPositive();
        // Each account's session is its own, and so is its shared token row.
        // (Read from the record: a host's view of a payment carries no session id.)
        assertThat(strings("select provider_session_id from cobro.checkout_payment where id in ('" + col.id() + "', '"
                + mex.id() + "')")).doesNotContainNull().doesNotHaveDuplicates().hasSize(2);
        assertThat(strings("select account from cobro.provider_token where provider = '88pay' and sealed is not null"
                + " order by account")).containsExactly("col", "mex");
        // The account is stored on the payment, its attempts and shown in the history.
        assertThat(strings("select account from cobro.provider_attempt where subject_id = '" + mex.id() + "'"))
                .containsExactly("mex");
        assertThat(cobro.history().findByMerchantReference(col.merchantReference().value()))
                .singleElement().satisfies(row -> assertThat(row.account()).isEqualTo(AccountId.of("col")));
        // Outcome events and the health name the account too.
        assertThat(cobro.events().list(ListOutcomeEventsCommand.all()))
                .filteredOn(event -> event.subjectId().equals(mex.id().value()))
                .isNotEmpty().allSatisfy(event -> assertThat(event.account()).isEqualTo("mex"));
        assertThat(cobro.health().providers()).containsEntry("88pay", List.of("col", "mex"))
                .containsEntry("payme", List.of("default", "pe2"));
    }

    @Test
    void aCheckoutNamingItsAccountGoesThroughItAndTheMerchantReferenceIsPerAccount() {
        String reference = "order-" + UUID.randomUUID();
        PaymentView viaCountry = cobro.checkoutPayments().start(checkout(reference, "COP", "COL")).payment();
        long mexCharges = sandbox.charges88Pay(MEX_MERCHANT);

        CheckoutPaymentResult named = cobro.checkoutPayments()
                .start(checkout(reference, "COP", "COL").withAccount(AccountId.of("mex")));

        // (provider, account, merchant reference) is the key: the same reference in another account is another payment.
        assertThat(named).isInstanceOf(CheckoutPaymentResult.Created.class);
        assertThat(named.payment().account()).isEqualTo(AccountId.of("mex"));
        assertThat(named.payment().id()).isNotEqualTo(viaCountry.id());
        assertThat(sandbox.charges88Pay(MEX_MERCHANT)).isEqualTo(mexCharges + 1);
        // ... and in its own account it is answered from the record.
        assertThat(cobro.checkoutPayments().start(checkout(reference, "COP", "COL")))
                .isInstanceOf(CheckoutPaymentResult.Replayed.class);
    }

    @Test
    void aCountryNoAccountServesWithoutADefaultAccountIsAClearError() {
        assertThatThrownBy(() -> cobro.checkoutPayments().start(checkout("order-" + UUID.randomUUID(), "PEN", "PER")))
                .isInstanceOf(ProviderNotConfiguredException.class)
                .hasMessageContaining("PER").hasMessageContaining("default");
        assertThatThrownBy(() -> cobro.checkoutPayments().start(checkout("order-" + UUID.randomUUID(), "MXN", "MEX")
                .withAccount(AccountId.of("arg"))))
                .isInstanceOf(ProviderNotConfiguredException.class).hasMessageContaining("arg");
    }

    @Test
    void aNotificationSignedForOneAccountCannotSettleAPaymentOfTheOther() {
        PaymentView mex = cobro.checkoutPayments().start(checkout("order-" + UUID.randomUUID(), "MXN", "MEX")).payment();
        SandboxNotification webhook = sandbox.notification(mex.checkoutUrl(), "COMPLETED");
        String hostUrl = "https://merchant.example.com/notify";

        // Signed with the COL account's key: under COL's account id, and under MEX's id too (the key is what matters).
        for (String account : List.of("col", "mex")) {
            NotificationSigner colSigner = new NotificationSigner((provider, ignored) ->
                    NotificationSigner.KeyRing.single(NotificationSigner.derivedKey(COL_KEY, provider, account)));
            String forged = colSigner.signedUrl(hostUrl, ProviderId.EIGHTY_EIGHT_PAY, account, mex.id());
            assertThat(cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                    forged, webhook.body(), webhook.headers())).outcome()).isEqualTo(NotificationOutcome.UNVERIFIED);
        }
        assertThat(status(mex)).isEqualTo("AWAITING_CUSTOMER");

        // The URL the MEX charge really carried settles it.
        assertThat(webhook.url()).contains("cobro_pid=" + mex.id());
        assertThat(cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                webhook.url(), webhook.body(), webhook.headers())).outcome()).isEqualTo(NotificationOutcome.APPLIED);
        assertThat(status(mex)).isEqualTo("SUCCEEDED");
    }

    @Test
    void aNotificationOfOneAccountsPaymentCannotBeRedirectedToTheOthersPayment() {
        PaymentView col = cobro.checkoutPayments().start(checkout("order-" + UUID.randomUUID(), "COP", "COL")).payment();
        PaymentView mex = cobro.checkoutPayments().start(checkout("order-" + UUID.randomUUID(), "MXN", "MEX")).payment();
        SandboxNotification colWebhook = sandbox.notification(col.checkoutUrl(), "COMPLETED");
        SandboxNotification mexWebhook = sandbox.notification(mex.checkoutUrl(), "COMPLETED");

        // COL's genuine signature and cobro_pid, carrying the MEX payment's body: the body must match the signed payment.
        assertThat(cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                colWebhook.url(), mexWebhook.body(), mexWebhook.headers())).outcome())
                .isEqualTo(NotificationOutcome.MISMATCHED);
        // COL's signature with the MEX payment's id in cobro_pid: the signature does not cover that payment.
        String swapped = colWebhook.url().replace(col.id().toString(), mex.id().toString());
        assertThat(cobro.notifications().record(new RecordPaymentNotificationCommand(ProviderId.EIGHTY_EIGHT_PAY,
                swapped, mexWebhook.body(), mexWebhook.headers())).outcome())
                .isEqualTo(NotificationOutcome.UNVERIFIED);
        assertThat(status(mex)).isEqualTo("AWAITING_CUSTOMER");
        assertThat(status(col)).isEqualTo("AWAITING_CUSTOMER");
    }

    @Test
    void anAuthorizationNamesItsAccountOrGetsTheDefaultAndItsReversalGoesThroughTheSameAccount() {
        // A fresh database: the sequence's numbers start at 1, far from this one.
        OperationNumber number = new OperationNumber("700000001");
        AuthorizationResult viaDefault = cobro.cardAuthorizations().authorize(card(number));
        AuthorizationResult viaPe2 = cobro.cardAuthorizations().authorize(card(number)
                .withAccount(AccountId.of("pe2")));

        // (provider, account, operation number) is the key: the same number in another account is another authorization.
        assertThat(viaDefault.authorization().account()).isEqualTo(AccountId.DEFAULT);
        assertThat(viaPe2).isInstanceOf(AuthorizationResult.Created.class);
        assertThat(viaPe2.authorization().account()).isEqualTo(AccountId.of("pe2"));
        assertThat(viaPe2.authorization().id()).isNotEqualTo(viaDefault.authorization().id());
        assertThat(viaPe2.authorization().status()).isEqualTo(AuthorizationStatus.AUTHORIZED);

        ReversalResult reversed = cobro.reversals().reverse(new ReverseAuthorizationCommand(viaPe2.authorization().id()));
        assertThat(reversed).isInstanceOf(ReversalResult.Reversed.class);
        assertThat(reversed.authorization().account()).isEqualTo(AccountId.of("pe2"));
        assertThat(cobro.history().query(new QueryTransactionHistoryCommand(HistoryCriteria.builder()
                .customerId("accounts-cards")
                .build(), null, 10, true)).items())
                .filteredOn(row -> row.id().equals(viaPe2.authorization().id().value()))
                .singleElement().satisfies(row -> {
                    assertThat(row.account()).isEqualTo(AccountId.of("pe2"));
                    assertThat(row.attempts()).extracting(a -> a.account().value()).containsOnly("pe2").hasSize(2);
                });
        assertThatThrownBy(() -> cobro.cardAuthorizations().authorize(card(null).withAccount(AccountId.of("cl"))))
                .isInstanceOf(ProviderNotConfiguredException.class).hasMessageContaining("cl");
    }

    private static PaymeSettings payme() {
        return new PaymeSettings(sandbox.paymeAuthUrl(), sandbox.paymeApiUrl(), "sandbox-client", "sandbox-secret",
                "https://api.dev.alignet.io", "create:token post:charges delete:charges",
                // The sandbox answers every call here: generous for a loaded machine.
                new HttpTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    private static AuthorizeCardCommand card(OperationNumber number) {
        return new AuthorizeCardCommand(ProviderId.PAYME, number, Channel.ECOMMERCE, Money.of("100.00", "PEN"),
                CardData.card("4111111111111111", "1230", "123"),
                new CardHolder("Juan Diego", "Perez Sanchez", "juan.perez@email.com", "PER", "DNI", "87654321"),
                Address.billing(null, "Juan Diego", "Perez Sanchez", "juan.perez@gmail.com", "51", "987654321",
                        "Mi casa", "Mi casa", "LIMA", "LIMA", "PE", "18"),
                null, null, null, new CustomerId("accounts-cards"));
    }

    private static String status(PaymentView payment) {
        return cobro.history().findByMerchantReference(payment.merchantReference().value()).stream()
                .filter(row -> row.id().equals(payment.id().value())).findFirst().orElseThrow().status().name();
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                found.add(rs.getString(1));
            }
        }
        return found;
    }

    private static StartCheckoutPaymentCommand checkout(String reference, String currency, String country) {
        return StartCheckoutPaymentCommand.builder()
                .provider("88pay")
                .merchantReference(reference)
                .customerId("cust_987654")
                .amount(new BigDecimal("100.00"))
                .currency(currency)
                .country(country)
                .method("CARDS", "CARD")
                .description("Compra #3")
                .notificationUrl("https://merchant.example.com/notify")
                .returnUrl("https://merchant.example.com/return")
                .build();
    }
}
