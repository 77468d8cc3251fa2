package dev.lakehouse.jobs.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The bearer token every API request must carry. Kept in a file only its owner can read; never logged. */
public final class ApiToken {
    private final byte[] value;

    private ApiToken(String value) {
        this.value = value.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the token from {@code file}, or generates a random one into it (mode 0600). */
    public static ApiToken loadOrCreate(Path file) throws IOException {
        if (Files.isRegularFile(file)) {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.length() < 16) {
                throw new IOException("the token in " + file + " is shorter than 16 characters; use a longer random token");
            }
            return new ApiToken(text);
        }
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            return loadOrCreate(file);
        }
        Files.writeString(file, token + "\n", StandardCharsets.UTF_8);
        return new ApiToken(token);
    }

    /** Constant-time comparison with a presented token. */
    public boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(value, presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ApiToken[***]";
    }
}
