package dev.cobro.cli;

import dev.cobro.application.port.in.RefundPaymentCommand;
import dev.cobro.application.port.in.RefundResult;
import dev.cobro.domain.payment.PaymentId;
import dev.cobro.domain.shared.Money;
import dev.cobro.domain.shared.TransactionKind;
import dev.cobro.domain.shared.ValidationException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.math.BigDecimal;

/**
 * {@code cobro refund --id ID [--amount AMOUNT] [--key KEY]}: refund a settled checkout payment, all
 * that remains or a part of it. A refund the provider refuses or does not answer is a recorded
 * outcome (exit 0); the same key again answers the recorded refund and sends nothing. A provider
 * without refunds is bad input (exit 2); a payment not settled, or an amount above what may still be
 * refunded, a conflict (exit 3).
 */
@Command(name = "refund", mixinStandardHelpOptions = true,
        description = "Refund a settled checkout payment (Cobro's id, as 'checkout' and 'history' print it), "
                + "wholly or in part, and print the refund as JSON.")
final class RefundCommand extends CliCommand {

    @Option(names = "--id", required = true, paramLabel = "ID", description = "Cobro's payment id (a UUID).")
    String id;

    @Option(names = "--amount", paramLabel = "AMOUNT",
            description = "The amount to refund, a decimal in the payment's currency; default: all that remains.")
    String amount;

    @Option(names = "--key", paramLabel = "KEY", description = "The refund's idempotency key (1 to 64 letters, "
            + "digits, '.', '_', ':', '-'); default: 'full', or 'amount-<AMOUNT>'. Two refunds of one amount need "
            + "keys of their own.")
    String key;

    @Override
    protected int run(CliContext context) {
        PaymentId paymentId = PaymentId.of(id);
        BigDecimal value = null;
        if (amount != null) {
            try {
                value = Money.parseAmount(amount);
            } catch (IllegalArgumentException e) {
                throw ValidationException.of("amount", e.getMessage(), null);
            }
        }
        try (CliContext.CobroSession session = context.openCobroWithConfiguredProviders()) {
            session.transaction(paymentId.value(), TransactionKind.CHECKOUT_PAYMENT, "payment",
                    "only a checkout payment can be refunded (a card authorization is reversed)");
            RefundResult result = session.cobro().refunds().refund(new RefundPaymentCommand(paymentId, value, key));
            context.printJson(JsonViews.refund(result));
        }
        return ExitCodes.OK;
    }
}
