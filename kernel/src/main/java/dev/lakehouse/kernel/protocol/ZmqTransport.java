package dev.lakehouse.kernel.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * Owns the kernel's sockets. One I/O thread blocks in a poll over shell, control, stdin and an
 * in-process outbox; every other thread sends by pushing onto the outbox, so no socket is ever
 * used from two threads (ZeroMQ sockets are not thread-safe). The heartbeat echoes on its own
 * thread, so a busy cell never delays it. No sleep loops anywhere.
 */
public final class ZmqTransport implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ZmqTransport.class.getName());
    private static final String OUTBOX = "inproc://lakehouse-outbox";
    private static final byte[] STOP = {(byte) 0xFF};
    /** How often the heartbeat thread looks up from a quiet socket to see whether the kernel is closing. */
    private static final int HEARTBEAT_WAKE_MS = 200;

    private final ConnectionInfo connection;
    private final WireCodec codec;
    private final ZContext context = new ZContext(1);
    private final Object outboxLock = new Object();
    private ZMQ.Socket outboxPush;
    /** IOPub is send-only, so senders write it directly (one at a time) instead of waking the I/O thread. */
    private final Object iopubLock = new Object();
    private ZMQ.Socket iopub;
    private Thread ioThread;
    private Thread heartbeatThread;
    private volatile boolean running;

    public ZmqTransport(ConnectionInfo connection, WireCodec codec) {
        this.connection = connection;
        this.codec = codec;
    }

    public WireCodec codec() {
        return codec;
    }

    public void start(MessageHandler handler) {
        ZMQ.Socket shell = bind(SocketType.ROUTER, connection.shellPort());
        ZMQ.Socket control = bind(SocketType.ROUTER, connection.controlPort());
        ZMQ.Socket stdin = bind(SocketType.ROUTER, connection.stdinPort());
        iopub = bind(SocketType.PUB, connection.iopubPort());
        iopub.setLinger(1000);
        ZMQ.Socket heartbeat = bind(SocketType.REP, connection.hbPort());
        heartbeat.setReceiveTimeOut(HEARTBEAT_WAKE_MS);
        ZMQ.Socket outboxPull = context.createSocket(SocketType.PULL);
        outboxPull.bind(OUTBOX);
        outboxPush = context.createSocket(SocketType.PUSH);
        outboxPush.connect(OUTBOX);
        running = true;

        heartbeatThread = new Thread(() -> echo(heartbeat), "jupyter-heartbeat");
        heartbeatThread.setDaemon(true);
        heartbeatThread.start();

        ZMQ.Socket[] byChannel = {shell, control, stdin, iopub};
        ioThread = new Thread(() -> ioLoop(handler, byChannel, outboxPull), "jupyter-io");
        ioThread.setDaemon(true);
        ioThread.start();
    }

    /** Queues a message for sending on {@code channel}; safe from any thread. */
    public void send(Channel channel, Message message) {
        List<byte[]> frames = codec.encode(message);
        if (channel == Channel.IOPUB) {
            // Order on IOPub is the order of this lock; a hop through the outbox cost ~3 ms a message
            // under load (the I/O thread had to be woken and scheduled).
            synchronized (iopubLock) {
                if (running) {
                    sendAll(iopub, frames);
                }
            }
            return;
        }
        synchronized (outboxLock) {
            if (!running) {
                return;
            }
            outboxPush.send(new byte[] {(byte) channel.ordinal()}, ZMQ.SNDMORE);
            for (int i = 0; i < frames.size(); i++) {
                outboxPush.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
            }
        }
    }

    private static void sendAll(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    private ZMQ.Socket bind(SocketType type, int port) {
        ZMQ.Socket socket = context.createSocket(type);
        socket.setLinger(0);
        socket.bind(connection.address(port));
        return socket;
    }

    private void echo(ZMQ.Socket heartbeat) {
        try {
            while (running) {
                byte[] ping = heartbeat.recv(0);
                if (ping == null) {
                    continue;
                }
                heartbeat.send(ping, 0);
            }
        } catch (ZMQException | IllegalStateException e) {
            // context terminated: the kernel is shutting down
        } finally {
            // Closed by the thread that used it: a socket closed from another thread while it waits in
            // recv can leave the context's termination waiting forever (close() hung that way).
            try {
                context.destroySocket(heartbeat);
            } catch (RuntimeException e) {
                // the context is already gone
            }
        }
    }

    private void ioLoop(MessageHandler handler, ZMQ.Socket[] sockets, ZMQ.Socket outboxPull) {
        ZMQ.Poller poller = context.createPoller(4);
        int shellIndex = poller.register(sockets[Channel.SHELL.ordinal()], ZMQ.Poller.POLLIN);
        int controlIndex = poller.register(sockets[Channel.CONTROL.ordinal()], ZMQ.Poller.POLLIN);
        int stdinIndex = poller.register(sockets[Channel.STDIN.ordinal()], ZMQ.Poller.POLLIN);
        int outboxIndex = poller.register(outboxPull, ZMQ.Poller.POLLIN);
        try {
            while (running) {
                if (poller.poll(-1) < 0) {
                    break;
                }
                // Control first: an interrupt must not wait behind shell traffic.
                if (poller.pollin(controlIndex)) {
                    receive(Channel.CONTROL, sockets[Channel.CONTROL.ordinal()], handler);
                }
                if (poller.pollin(shellIndex)) {
                    receive(Channel.SHELL, sockets[Channel.SHELL.ordinal()], handler);
                }
                if (poller.pollin(stdinIndex)) {
                    receive(Channel.STDIN, sockets[Channel.STDIN.ordinal()], handler);
                }
                if (poller.pollin(outboxIndex)) {
                    drainOutbox(outboxPull, sockets);
                }
            }
        } catch (ZMQException | IllegalStateException e) {
            if (running) {
                LOG.log(Level.SEVERE, "I/O loop stopped", e);
            }
        } finally {
            poller.close();
        }
    }

    private void receive(Channel channel, ZMQ.Socket socket, MessageHandler handler) {
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = socket.recv(ZMQ.DONTWAIT);
            if (frame == null) {
                break;
            }
            frames.add(frame);
        } while (socket.hasReceiveMore());
        if (frames.isEmpty()) {
            return;
        }
        Message message;
        try {
            message = codec.decode(frames);
        } catch (MalformedMessageException e) {
            LOG.warning(() -> "Dropped message on " + channel.name().toLowerCase() + ": " + e.getMessage());
            return;
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Dropped undecodable message on " + channel, e);
            return;
        }
        try {
            handler.onMessage(channel, message);
        } catch (Throwable t) {
            LOG.log(Level.SEVERE, "Handler failed for " + message.type() + " on " + channel, t);
        }
    }

    private void drainOutbox(ZMQ.Socket outboxPull, ZMQ.Socket[] sockets) {
        while (true) {
            byte[] channelFrame = outboxPull.recv(ZMQ.DONTWAIT);
            if (channelFrame == null) {
                return;
            }
            if (channelFrame.length == 1 && channelFrame[0] == STOP[0]) {
                running = false;
                return;
            }
            ZMQ.Socket target = sockets[channelFrame[0]];
            while (outboxPull.hasReceiveMore()) {
                byte[] frame = outboxPull.recv(0);
                target.send(frame, outboxPull.hasReceiveMore() ? ZMQ.SNDMORE : 0);
            }
        }
    }

    /** Flushes queued messages, then stops the threads and closes the sockets. */
    @Override
    public void close() {
        synchronized (outboxLock) {
            if (!running) {
                return;
            }
            outboxPush.send(STOP, 0);
        }
        try {
            ioThread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (outboxLock) {
            synchronized (iopubLock) {
                running = false;
            }
        }
        try {
            heartbeatThread.join(2L * HEARTBEAT_WAKE_MS + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        context.close();
    }
}
