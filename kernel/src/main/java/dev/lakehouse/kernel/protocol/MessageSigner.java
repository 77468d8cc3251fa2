package dev.lakehouse.kernel.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC signatures of the four JSON frames. Verification compares in constant time, and when a key
 * is configured an unsigned message is rejected (as jupyter_client does).
 */
public final class MessageSigner {
    private final SecretKeySpec key;
    private final String algorithm;

    public MessageSigner(String key, String scheme) {
        this.algorithm = switch (scheme) {
            case "hmac-sha256", "" -> "HmacSHA256";
            case "hmac-sha512" -> "HmacSHA512";
            case "hmac-sha1" -> "HmacSHA1";
            default -> throw new IllegalArgumentException("Unsupported signature scheme: " + scheme);
        };
        this.key = key == null || key.isEmpty() ? null : new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm);
    }

    public boolean enabled() {
        return key != null;
    }

    public String sign(byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (key == null) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(key);
            mac.update(header);
            mac.update(parent);
            mac.update(metadata);
            mac.update(content);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean verify(String signature, byte[] header, byte[] parent, byte[] metadata, byte[] content) {
        if (key == null) {
            return true;
        }
        if (signature == null || signature.isEmpty()) {
            return false;
        }
        byte[] expected = sign(header, parent, metadata, content).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }
}
