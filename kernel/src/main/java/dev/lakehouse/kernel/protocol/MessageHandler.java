package dev.lakehouse.kernel.protocol;

/**
 * Receives decoded, verified messages on the transport's I/O thread. Implementations must return
 * quickly (hand long work to another thread) so the other channels stay responsive.
 */
public interface MessageHandler {
    void onMessage(Channel channel, Message message);
}
