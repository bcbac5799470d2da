package dev.agentsync.bench;

import dev.agentsync.core.Joined;
import dev.agentsync.core.JoinRequest;
import dev.agentsync.core.NewMessage;
import dev.agentsync.core.Sync;
import dev.agentsync.core.Write;
import dev.agentsync.core.WriteResult;
import dev.agentsync.store.memory.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * In-process cost of single-key writes on the in-memory store, ungated and gated, in a room of 10 and of
 * 10 000 keys; plus message appends and claims. Run: {@code java -jar sync-bench/target/benchmarks.jar WriteBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class WriteBench {
    @Param({"10", "10000"})
    int roomKeys;

    Sync sync;
    List<Write> writes;
    List<Write> gated;
    Joined agent;
    int i;
    long nextMessage;

    @Setup(Level.Trial)
    public void setUp() {
        sync = Sync.builder().store(new MemoryStore()).build();
        sync.createRoom("r");
        for (int k = 0; k < roomKeys; k++) {
            sync.write("r", Write.of("k" + k, k));
        }
        sync.write("r", Write.of("phase", "running"));
        agent = sync.join("r", JoinRequest.of("bench"));
        writes = new ArrayList<>();
        gated = new ArrayList<>();
        for (int k = 0; k < 1024; k++) {
            writes.add(Write.of("k" + (k % roomKeys), k));
            gated.add(Write.of("k" + (k % roomKeys), k).when("state._shared.phase == \"running\""));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        sync.close();
    }

    /** One ungated write of a small integer. */
    @Benchmark
    public WriteResult write() {
        return sync.write("r", writes.get(i++ & 1023));
    }

    /** The same write behind a CEL gate. */
    @Benchmark
    public WriteResult gatedWrite() {
        return sync.write("r", gated.get(i++ & 1023));
    }

    /** The same write as an authenticated agent (token hash + identity check + auto-heartbeat). */
    @Benchmark
    public WriteResult authenticatedWrite() {
        return sync.write("r", writes.get(i++ & 1023), agent.caller());
    }

    /** An atomic increment. */
    @Benchmark
    public WriteResult increment() {
        return sync.write("r", Write.increment("counter", 1));
    }

    /** A message append followed by its claim. */
    @Benchmark
    public Object postAndClaim() {
        long id = sync.post("r", NewMessage.of("bench", "task", "t")).id();
        return sync.claim("r", id, "bench");
    }
}
