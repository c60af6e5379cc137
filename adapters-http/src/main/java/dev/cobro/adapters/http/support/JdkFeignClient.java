package dev.cobro.adapters.http.support;

import feign.Client;
import feign.Request;
import feign.Response;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Feign's transport for Cobro's clients: one call on the JDK's {@link HttpClient}, the request's
 * headers copied once, the answer read whole into bytes.
 * <p>
 * Two reasons it is Cobro's own rather than feign-java11's {@code Http2Client}:
 * <ul>
 *   <li><b>The read timeout bounds the whole answer.</b> The JDK's request timeout stops counting
 *       once the status line and headers arrive, so a provider that stalls in the middle of a body
 *       would hold the caller (and the attempt, REQUESTED) for as long as the connection lives. Here
 *       the call waits at most the read timeout for the body too (what is left of it once the headers
 *       are in), then gives up with an
 *       {@link HttpTimeoutException}: an UNKNOWN outcome ({@link TransportFailure}), as any read
 *       timeout.</li>
 *   <li><b>Cost per call.</b> {@code Http2Client} rebuilds each request through streams, filters
 *       headers through a map of sets and turns the answer's headers into a new map; a profile
 *       of a load run put that at about a fifth of Feign's share of a Pay-me authorization.</li>
 * </ul>
 * Redirects are never followed (the {@link HttpClient} is built so); a gzip or deflate answer is
 * inflated as {@code Http2Client} did.
 */
public final class JdkFeignClient implements Client {

    /** Headers the JDK client sets itself and refuses from a caller. */
    private static final Set<String> SET_BY_THE_CLIENT = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private final HttpClient http;

    public JdkFeignClient(HttpClient http) {
        this.http = http;
    }

    @Override
    public Response execute(Request request, Request.Options options) throws IOException {
        long timeoutMillis = options.readTimeoutMillis();
        long startedAt = System.nanoTime();
        HttpRequest.Builder builder = HttpRequest.newBuilder(toUri(request.url()))
                .timeout(Duration.ofMillis(timeoutMillis))
                .method(request.httpMethod().name(), request.body() == null || request.body().length == 0
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Map.Entry<String, Collection<String>> header : request.headers().entrySet()) {
            if (SET_BY_THE_CLIENT.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                continue;
            }
            for (String value : header.getValue()) {
                builder.header(header.getKey(), value);
            }
        }
        HttpResponse<WholeBody> answer;
        try {
            // The request's own timeout covers the wait for the status line and headers; send returns
            // with them, the body still arriving into WholeBody.
            answer = http.send(builder.build(), info -> new WholeBody());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for the answer");
        }
        long leftMillis = timeoutMillis - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Collection<String>> headers = (Map) answer.headers().map();
        return Response.builder()
                .status(answer.statusCode())
                .reason(answer.headers().firstValue("Reason-Phrase").orElse(null))
                .request(request)
                .protocolVersion(answer.version() == HttpClient.Version.HTTP_2
                        ? Request.ProtocolVersion.HTTP_2 : Request.ProtocolVersion.HTTP_1_1)
                .headers(headers)
                .body(inflated(answer.headers().allValues("Content-Encoding"),
                        answer.body().await(leftMillis, timeoutMillis)))
                .build();
    }

    /**
     * The answer's body, gathered as the client's threads deliver it; the calling thread waits for its
     * end at most what is left of the read timeout. Past it the subscription is cancelled (the JDK then
     * drops the connection) and the call fails with an {@link HttpTimeoutException}.
     * <p>
     * A timed wait on the body's completion, rather than a stream read under a scheduled deadline: a
     * body already in by then costs no wait at all, the bytes are copied once, and no deadline thread
     * is woken on every call to set and cancel a timer.
     */
    private static final class WholeBody implements HttpResponse.BodySubscriber<WholeBody> {

        private final CompletableFuture<byte[]> whole = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;
        /** Written only by the client's serial delivery; read after {@link #whole} completes. */
        private byte[] bytes = new byte[0];
        private int length;

        @Override
        public CompletionStage<WholeBody> getBody() {
            return CompletableFuture.completedStage(this);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int n = buffer.remaining();
                if (length + n > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
                }
                buffer.get(bytes, length, n);
                length += n;
            }
        }

        @Override
        public void onError(Throwable failure) {
            whole.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            whole.complete(length == bytes.length ? bytes : Arrays.copyOf(bytes, length));
        }

        byte[] await(long leftMillis, long timeoutMillis) throws IOException {
            try {
                return whole.get(Math.max(leftMillis, 0), TimeUnit.MILLISECONDS);
            } catch (TimeoutException late) {
                cancel();
                throw new HttpTimeoutException("request timed out (no whole answer within " + timeoutMillis + " ms)");
            } catch (InterruptedException e) {
                cancel();
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the answer");
            } catch (ExecutionException e) {
                Throwable failure = e.getCause();
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
        }

        private void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }

    /**
     * The URI of {@code url}, parsed once per URL: an adapter calls a handful of URLs (its base and a
     * path), and parsing one cost as much as building the rest of the request. A URL that names a
     * resource (an operation's number) is parsed each time once {@link #KEPT_URIS} are kept.
     */
    private static URI toUri(String url) throws IOException {
        URI uri = URIS.get(url);
        if (uri != null) {
            return uri;
        }
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            // The URL is Cobro's configured base and a path it built: no secret in it.
            throw new IOException("invalid URL " + url, e);
        }
        if (URIS.size() < KEPT_URIS) {
            URIS.putIfAbsent(url, uri);
        }
        return uri;
    }

    private static final int KEPT_URIS = 256;
    private static final Map<String, URI> URIS = new ConcurrentHashMap<>();

    private static byte[] inflated(List<String> encodings, byte[] body) throws IOException {
        if (body.length == 0 || encodings.isEmpty()) {
            return body;
        }
        if (encodings.contains("gzip")) {
            return readAll(new GZIPInputStream(new ByteArrayInputStream(body)));
        }
        if (encodings.contains("deflate")) {
            return readAll(new InflaterInputStream(new ByteArrayInputStream(body)));
        }
        return body;
    }

    private static byte[] readAll(InputStream in) throws IOException {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        }
    }
}
