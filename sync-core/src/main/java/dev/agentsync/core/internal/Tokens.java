package dev.agentsync.core.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Bearer tokens: {@code as_} + 48 hex digits from 24 random bytes; only their SHA-256 is ever stored. */
public final class Tokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the JDK", e);
        }
    });

    private Tokens() {
    }

    /** A fresh token. */
    public static String generate() {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        return "as_" + HEX.formatHex(b);
    }

    /** Lowercase hex SHA-256 of the token's UTF-8 bytes. */
    public static String hash(String token) {
        MessageDigest md = SHA256.get();
        md.reset();
        return HEX.formatHex(md.digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison of two hashes. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
