package dev.cobro.application.port.in;

/** Authorize a card payment through a card provider (Pay-me). A decline is a result, not an exception. */
public interface AuthorizeCardUseCase {

    AuthorizationResult authorize(AuthorizeCardCommand command);
}
