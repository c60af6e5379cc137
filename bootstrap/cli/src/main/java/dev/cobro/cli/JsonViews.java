package dev.cobro.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cobro.application.port.in.AttemptView;
import dev.cobro.application.port.in.AuthorizationResult;
import dev.cobro.application.port.in.AuthorizationView;
import dev.cobro.application.port.in.CheckoutPaymentResult;
import dev.cobro.application.port.in.HistoryPage;
import dev.cobro.application.port.in.PaymentView;
import dev.cobro.application.port.in.RefundResult;
import dev.cobro.application.port.in.ResolutionReport;
import dev.cobro.application.port.in.ReversalResult;
import dev.cobro.application.port.out.TransactionRecord;
import dev.cobro.domain.authorization.Authorization.ProviderResponse;
import dev.cobro.domain.authorization.CardSecret;
import dev.cobro.domain.authorization.Instrument;
import dev.cobro.domain.payment.PaymentFlag;
import dev.cobro.domain.payment.PaymentNotification;
import dev.cobro.domain.shared.StatusChange;
import dev.cobro.domain.shared.TransactionKind;

import java.time.Duration;
import java.util.List;

import static dev.cobro.cli.CliJson.amount;
import static dev.cobro.cli.CliJson.time;

/**
 * What the CLI prints, as JSON trees in snake_case: statuses upper-case, kinds
 * {@code checkout_payment} / {@code card_authorization}, amounts as decimal strings, times
 * ISO-8601 UTC. Only what may be shown is here: masked cards, never a token or a secret.
 */
final class JsonViews {

    private JsonViews() {
    }

    static ObjectNode checkout(CheckoutPaymentResult result) {
        ObjectNode json = payment(result.payment());
        json.put("replayed", result instanceof CheckoutPaymentResult.Replayed);
        json.put("in_progress", result instanceof CheckoutPaymentResult.InProgress);
        // "provider" is the one that served it; these are every one it was tried with, in order.
        ArrayNode tried = json.putArray("tried_providers");
        result.triedProviders().forEach(provider -> tried.add(provider.value()));
        return json;
    }

    static ObjectNode payment(PaymentView payment) {
        ObjectNode json = CliJson.object();
        json.put("id", payment.id().value().toString());
        json.put("kind", TransactionKind.CHECKOUT_PAYMENT.code());
        json.put("provider", payment.provider().value());
        json.put("account", payment.account().value());
        json.put("status", payment.status().name());
        json.put("status_reason", lastReason(payment.statusChanges()));
        json.put("merchant_reference", payment.merchantReference().value());
        json.put("customer_id", payment.details().customerId().value());
        json.put("amount", amount(payment.details().money().amount()));
        json.put("currency", payment.details().money().currency().getCurrencyCode());
        json.put("country", payment.details().country().alpha3());
        json.put("method_code", payment.details().method().code());
        json.put("method_category", payment.details().method().category().name());
        json.put("description", payment.details().description().value());
        json.put("checkout_url", payment.checkoutUrl());
        // No session id: it names every payment of a token's window, and whoever reads it could forge
        // their notifications (ARCHITECTURE.md, Notifications: authenticity).
        json.put("provider_reference", payment.providerReference());
        ArrayNode flags = json.putArray("flags");
        for (PaymentFlag flag : payment.flags()) {
            flags.add(flag.name());
        }
        json.put("created_at", time(payment.createdAt()));
        json.put("updated_at", time(payment.updatedAt()));
        return json;
    }

    static ObjectNode authorization(AuthorizationResult result) {
        ObjectNode json = authorization(result.authorization());
        json.put("replayed", result instanceof AuthorizationResult.Replayed);
        json.put("in_progress", result instanceof AuthorizationResult.InProgress);
        return json;
    }

    static ObjectNode authorization(AuthorizationView authorization) {
        ObjectNode json = CliJson.object();
        json.put("id", authorization.id().value().toString());
        json.put("kind", TransactionKind.CARD_AUTHORIZATION.code());
        json.put("provider", authorization.provider().value());
        json.put("account", authorization.account().value());
        json.put("status", authorization.status().name());
        json.put("status_reason", lastReason(authorization.statusChanges()));
        json.put("internal_operation_number", authorization.operationNumber().value());
        json.put("channel", authorization.details().channel().code());
        json.put("amount", amount(authorization.details().money().amount()));
        json.put("currency", authorization.details().money().currency().getCurrencyCode());
        Instrument instrument = authorization.details().instrument();
        boolean card = instrument.kind() == CardSecret.Kind.CARD;
        json.put("masked_card", card ? instrument.masked() : null);
        json.put("masked_token", card ? null : instrument.masked());
        ProviderResponse response = authorization.response();
        json.put("authorization_code", response.authorizationCode());
        json.put("response_code", response.responseCode());
        json.put("response_message", response.message());
        json.put("provider_transaction_id", response.providerTransactionId());
        json.put("customer_id", authorization.details().customerId() == null ? null
                : authorization.details().customerId().value());
        json.put("failed_reversals", authorization.failedReversals());
        json.put("created_at", time(authorization.createdAt()));
        json.put("updated_at", time(authorization.updatedAt()));
        return json;
    }

    /**
     * The authorization after the reversal, and how the reversal went: REVERSED, FAILED, UNKNOWN, NOT_SENT,
     * REJECTED, or IN_PROGRESS (another call of it is under way, nothing was sent).
     */
    static ObjectNode reversal(ReversalResult result) {
        AuthorizationView authorization = result.authorization();
        ObjectNode json = CliJson.object();
        json.put("id", authorization.id().value().toString());
        json.put("status", authorization.status().name());
        json.put("provider", authorization.provider().value());
        json.put("account", authorization.account().value());
        json.put("internal_operation_number", authorization.operationNumber().value());
        if (result instanceof ReversalResult.Reversed) {
            json.put("reversal", "REVERSED");
        } else if (result instanceof ReversalResult.Failed failed) {
            json.put("reversal", "FAILED");
            json.put("code", failed.code());
            json.put("message", failed.message());
        } else if (result instanceof ReversalResult.Unknown unknown) {
            json.put("reversal", "UNKNOWN");
            json.put("reason", unknown.reason());
        } else if (result instanceof ReversalResult.NotSent notSent) {
            json.put("reversal", "NOT_SENT");
            json.put("reason", notSent.reason());
        } else if (result instanceof ReversalResult.Rejected rejected) {
            json.put("reversal", "REJECTED");
            json.put("reason", rejected.reason());
        } else if (result instanceof ReversalResult.InProgress) {
            json.put("reversal", "IN_PROGRESS");
            json.put("reason", "another call of this authorization is under way; nothing was sent, ask again later");
        }
        json.put("updated_at", time(authorization.updatedAt()));
        return json;
    }

    /**
     * The payment after the refund, and the refund: its key, amount and status (SUCCEEDED, REJECTED,
     * FAILED, NOT_SENT, UNKNOWN, or REQUESTED while another call of it is still out), whether it was
     * answered from the record, and why it did not succeed.
     */
    static ObjectNode refund(RefundResult result) {
        PaymentView payment = result.payment();
        ObjectNode json = CliJson.object();
        json.put("id", payment.id().value().toString());
        json.put("status", payment.status().name());
        json.put("provider", payment.provider().value());
        json.put("account", payment.account().value());
        json.put("amount", amount(payment.details().money().amount()));
        json.put("refunded", amount(payment.refunded().amount()));
        json.put("currency", payment.details().money().currency().getCurrencyCode());
        ObjectNode refund = json.putObject("refund");
        refund.put("id", result.refund().id().toString());
        refund.put("key", result.refund().key());
        refund.put("amount", amount(result.refund().amount().amount()));
        refund.put("whole_rest", result.refund().full());
        refund.put("status", result.refund().status().name());
        refund.put("created_at", time(result.refund().createdAt()));
        json.put("replayed", result.replayed());
        json.put("reason", result.reason());
        json.put("updated_at", time(payment.updatedAt()));
        return json;
    }

    static ObjectNode resolution(ResolutionReport report) {
        ObjectNode json = CliJson.object();
        ArrayNode changes = json.putArray("changes");
        for (ResolutionReport.Change change : report.changes()) {
            ObjectNode item = changes.addObject();
            item.put("id", change.id().toString());
            item.put("kind", change.kind().code());
            item.put("from", change.from().name());
            item.put("to", change.to().name());
            item.put("reason", change.reason());
        }
        json.put("count", report.changes().size());
        ArrayNode problems = json.putArray("problems");
        for (ResolutionReport.Problem problem : report.problems()) {
            ObjectNode item = problems.addObject();
            item.put("id", problem.id().toString());
            item.put("kind", problem.kind().code());
            item.put("reason", problem.reason());
        }
        json.put("skipped", report.skipped());
        return json;
    }

    static ObjectNode notification(PaymentNotification notification, String paymentStatus) {
        ObjectNode json = CliJson.object();
        json.put("id", notification.id().toString());
        json.put("provider", notification.provider().value());
        json.put("outcome", notification.outcome().name());
        json.put("payment_id", notification.paymentId() == null ? null : notification.paymentId().value().toString());
        json.put("payment_status", paymentStatus);
        json.put("reference", notification.reference());
        json.put("raw_status", notification.rawStatus());
        json.put("mapped_status", notification.mappedStatus() == null ? null : notification.mappedStatus().name());
        json.put("amount", amount(notification.amount()));
        json.put("currency", notification.currency());
        json.put("detail", notification.detail());
        json.put("received_at", time(notification.receivedAt()));
        return json;
    }

    static ObjectNode history(HistoryPage page, boolean withAttempts) {
        ObjectNode json = CliJson.object();
        ArrayNode items = json.putArray("items");
        for (TransactionRecord record : page.items()) {
            items.add(record(record, withAttempts));
        }
        json.put("next_cursor", page.nextCursor());
        return json;
    }

    static ObjectNode record(TransactionRecord record, boolean withAttempts) {
        ObjectNode json = CliJson.object();
        json.put("id", record.id().toString());
        json.put("kind", record.kind().code());
        json.put("provider", record.provider().value());
        json.put("account", record.account().value());
        json.put("status", record.status().name());
        json.put("amount", amount(record.money().amount()));
        json.put("currency", record.money().currency().getCurrencyCode());
        json.put("customer_id", record.customerId());
        json.put("merchant_reference", record.merchantReference());
        json.put("created_at", time(record.createdAt()));
        json.put("updated_at", time(record.updatedAt()));
        if (withAttempts) {
            ArrayNode attempts = json.putArray("attempts");
            for (AttemptView attempt : record.attempts()) {
                attempts.add(attempt(attempt));
            }
            ArrayNode changes = json.putArray("status_changes");
            for (TransactionRecord.StatusChangeRecord change : record.statusChanges()) {
                changes.addObject()
                        .put("from", change.from() == null ? null : change.from().name())
                        .put("to", change.to().name())
                        .put("reason", change.reason())
                        .put("at", time(change.at()));
            }
        }
        return json;
    }

    static ObjectNode attempt(AttemptView attempt) {
        ObjectNode json = CliJson.object();
        json.put("operation", attempt.operation().code());
        json.put("number", attempt.number());
        json.put("status", attempt.status().name());
        json.put("http_status", attempt.httpStatus());
        json.put("provider_code", attempt.providerCode());
        json.put("provider_message", attempt.providerMessage());
        json.put("started_at", time(attempt.startedAt()));
        json.put("finished_at", time(attempt.finishedAt()));
        Duration latency = attempt.latency();
        json.put("latency_ms", latency == null ? null : latency.toMillis());
        return json;
    }

    private static <S extends Enum<S>> String lastReason(List<StatusChange<S>> changes) {
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).reason();
    }
}
