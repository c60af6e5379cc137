package dev.cobro.application.port.in;

import dev.cobro.domain.payment.PaymentNotification;

/**
 * Record a provider's notification and settle the payment it matches. It never fails for what
 * the provider said: every notification is stored with its outcome, and the host answers 200.
 */
public interface RecordPaymentNotificationUseCase {

    PaymentNotification record(RecordPaymentNotificationCommand command);
}
