package dev.agentsync.protocol;

import static dev.agentsync.protocol.WireFields.invalid;
import static dev.agentsync.protocol.WireFields.paramLong;
import static dev.agentsync.protocol.WireFields.paramStr;
import static dev.agentsync.protocol.WireFields.caller;

import dev.agentsync.core.Sync;
import dev.agentsync.core.SyncException;
import dev.agentsync.core.WaitRequest;
import dev.agentsync.core.WaitResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * {@code GET /rooms/:room/wait}: a request parked as a future, answered when the core completes the wait, ended
 * when the client goes away. The waits one commit wakes together share one rendered response.
 */
final class WaitRoute {
    private final Sync sync;

    WaitRoute(Sync sync) {
        this.sync = sync;
    }

    /** The last triggered wait rendered: the waits a commit wakes together share one response. */
    private volatile @Nullable Rendered lastRendered;

    private record Rendered(WaitResult result, HttpResponse response) {
    }

    private HttpResponse render(WaitResult r) {
        if (!r.triggered()) {
            return SyncProtocol.withCors(200, WireJson.wait(r)); // carries its own elapsed_ms
        }
        Rendered last = lastRendered;
        if (last != null && last.result().revision() == r.revision() && last.result().included() == r.included()
                && last.result().condition().equals(r.condition()) && java.util.Objects.equals(last.result().value(), r.value())) {
            return last.response();
        }
        HttpResponse response = SyncProtocol.withCors(200, WireJson.wait(r));
        lastRendered = new Rendered(r, response);
        return response;
    }

    CompletableFuture<HttpResponse> await(HttpRequest req, String room) {
        String condition = paramStr(req, "condition");
        if (condition == null) {
            throw invalid("Query parameter 'condition' is required: a CEL expression.");
        }
        List<String> include = new ArrayList<>();
        for (String part : req.query().getOrDefault("include", List.of())) {
            for (String p : part.split(",")) {
                include.add(p.trim());
            }
        }
        Long timeout = paramLong(req, "timeout");
        Long after = paramLong(req, "after_revision");
        WaitRequest w = new WaitRequest(condition, paramStr(req, "agent"), timeout == null ? null : Duration.ofMillis(timeout),
                include, after);
        CompletableFuture<WaitResult> source = sync.await(room, w, caller(req));
        CompletableFuture<HttpResponse> out = new CompletableFuture<>();
        source.whenComplete((r, ex) -> {
            if (ex == null) {
                out.complete(render(r));
            } else {
                Throwable cause = ex instanceof CompletionException && ex.getCause() != null ? ex.getCause() : ex;
                if (cause instanceof SyncException) {
                    out.complete(SyncProtocol.error((SyncException) cause));
                } else if (!(cause instanceof CancellationException)) {
                    out.complete(SyncProtocol.withCors(500, WireErrors.error("internal", "The wait failed: " + cause)));
                }
            }
        });
        out.whenComplete((r, ex) -> {
            if (out.isCancelled()) {
                source.cancel(true); // the client went away: end the wait, restore the agent
            }
        });
        return out;
    }
}
