package dev.agentsync.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs each agent on its own thread and waits for all of them; the first failure is rethrown. */
final class Agents {
    private Agents() {
    }

    /** An agent's body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    static void run(List<Body> agents) {
        List<CompletableFuture<Void>> fs = new ArrayList<>();
        for (Body b : agents) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    b.run();
                    f.complete(null);
                } catch (Throwable e) {
                    f.completeExceptionally(e);
                }
            }, "agent-" + fs.size());
            t.setDaemon(true);
            t.start();
            fs.add(f);
        }
        try {
            CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the agents did not finish within 120 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
