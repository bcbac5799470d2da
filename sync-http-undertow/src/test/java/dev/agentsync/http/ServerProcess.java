package dev.agentsync.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The server as a separate OS process ({@code java ... dev.agentsync.http.Main}), for crash and multi-process tests. */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final String url;
    private final List<String> output;
    private final Thread reader;

    private ServerProcess(Process process, String url, List<String> output, Thread reader) {
        this.process = process;
        this.url = url;
        this.output = output;
        this.reader = reader;
    }

    /** Everything the process printed so far. */
    List<String> output() {
        synchronized (output) {
            return new ArrayList<>(output);
        }
    }

    /** Starts {@code Main} with {@code args} and waits (up to 60 s) for its "listening on" line. */
    static ServerProcess start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.agentsync.http.Main");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<String> url = new CompletableFuture<>();
        List<String> output = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (output) {
                        output.add(line);
                    }
                    int i = line.indexOf("listening on ");
                    if (i >= 0) {
                        url.complete(line.substring(i + 13).split(" ")[0]);
                    }
                }
                url.completeExceptionally(new IllegalStateException("server exited before listening"));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(p, url.get(60, TimeUnit.SECONDS), output, reader);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    String url() {
        return url;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM; returns the exit status (143 = 128 + SIGTERM once the shutdown hooks have run), -1 if it hung. */
    int terminate() throws InterruptedException {
        process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output

        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        reader.join(10_000); // until the output is read to its end
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
