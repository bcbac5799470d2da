package dev.agentsync.core.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentsync.core.CelErrorException;
import dev.agentsync.core.ErrorCode;
import dev.agentsync.core.InvalidCelException;
import dev.agentsync.core.SyncException;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one place cel-java is used: compiles with a cache keyed by expression text, evaluates against a
 * {@link CelContext}, and maps cel-java's exceptions to the core's own.
 *
 * <p>Runs on the legacy runtime on purpose: it evaluates in about a microsecond whatever the size of the
 * state map, where the planner runtime costs time linear in the map's size (see design.md).
 */
public final class Cel {
    private final CelCompiler compiler;
    private final CelRuntime runtime;
    private final Cache<String, Compiled> cache;
    private final int maxBytes;
    private final LongAdder evaluations = new LongAdder();

    /**
     * A compiled expression.
     *
     * @param text     the source
     * @param program  the program
     * @param resultType the result type the checker found ({@code bool}, {@code int}, {@code dyn}, ...)
     */
    public record Compiled(String text, CelRuntime.Program program, String resultType) {
        /** False when the checker knows the result is not a boolean ({@code 1 + 2}, {@code "done"}). */
        public boolean mayBeBool() {
            return resultType.equals("bool") || resultType.equals("dyn") || resultType.equals("any")
                    || resultType.equals("error");
        }
    }

    /** Creates the engine. */
    public Cel(int maxExpressionBytes, int maxComprehensionIterations) {
        this.maxBytes = maxExpressionBytes;
        CelOptions options = CelOptions.current()
                .enableHeterogeneousNumericComparisons(true)
                .comprehensionMaxIterations(maxComprehensionIterations)
                .build();
        MapType dynMap = MapType.create(SimpleType.STRING, SimpleType.DYN);
        this.compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addVar("state", dynMap)
                .addVar("agents", dynMap)
                .addVar("messages", dynMap)
                .build();
        this.runtime = CelRuntimeFactory.legacyCelRuntimeBuilder().setOptions(options).build();
        this.cache = Caffeine.newBuilder().maximumSize(10_000).build();
    }

    /** The runtime in use, so a test can pin the choice of the legacy runtime. */
    public String runtimeName() {
        return runtime.getClass().getName();
    }

    /**
     * Compiles (or returns the cached program of) {@code text}.
     *
     * @throws InvalidCelException on a syntax or type error
     * @throws SyncException       {@code payload_too_large} over the expression size limit, {@code invalid_request} if blank
     */
    public Compiled compile(String text) {
        Compiled c = cache.getIfPresent(text);
        if (c != null) {
            return c;
        }
        if (Json.utf8Length(text) > maxBytes) {
            throw new SyncException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "The CEL expression is longer than the limit of " + maxBytes + " bytes.");
        }
        if (text.isBlank()) {
            throw new SyncException(ErrorCode.INVALID_REQUEST, "The CEL expression is empty.");
        }
        return cache.get(text, this::doCompile);
    }

    private Compiled doCompile(String text) {
        CelValidationResult result = compiler.compile(text);
        if (result.hasError()) {
            CelIssue first = result.getErrors().get(0);
            CelSourceLocation loc = first.getSourceLocation();
            int line = Math.max(1, loc.getLine());
            int column = Math.max(0, loc.getColumn()) + 1;
            throw new InvalidCelException(text, first.getMessage(), line, column);
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Compiled(text, runtime.createProgram(ast), ast.getResultType().name());
        } catch (CelValidationException | CelEvaluationException e) {
            throw new InvalidCelException(text, e.getMessage(), 1, 1);
        }
    }

    /**
     * Compiles a condition (a wait's): like {@link #compile}, and refused when the checker already knows its
     * result is not a boolean.
     *
     * @throws InvalidCelException for a syntax or type error, or a non-boolean result type
     */
    public Compiled compileCondition(String text) {
        Compiled c = compile(text);
        if (!c.mayBeBool()) {
            throw new InvalidCelException(text, "a condition must be a boolean expression; this one is of type "
                    + c.resultType() + ".", 1, 1);
        }
        return c;
    }

    /**
     * Evaluates a compiled expression.
     *
     * @throws CelErrorException when evaluation fails (missing key, division by zero, budget exceeded...)
     */
    public Object eval(Compiled c, CelContext ctx) {
        evaluations.increment();
        try {
            return c.program().eval(ctx);
        } catch (CelEvaluationException e) {
            throw new CelErrorException(c.text(), detail(e));
        } catch (RuntimeException e) {
            throw new CelErrorException(c.text(), String.valueOf(e.getMessage()));
        }
    }

    /** How many evaluations this engine has run (for tests and metrics). */
    public long evaluations() {
        return evaluations.sum();
    }

    private static String detail(CelEvaluationException e) {
        String m = e.getMessage();
        if (m == null) {
            return "evaluation failed";
        }
        // "evaluation error at <input>:13: key 'y' is not present in map." -> "key 'y' is not present in map."
        int i = m.indexOf("<input>:");
        if (i >= 0) {
            int j = m.indexOf(": ", i);
            if (j > 0) {
                return m.substring(j + 2);
            }
        }
        return m;
    }
}
