"""Acceptance 5: malformed and hostile wire messages are dropped without killing a channel, and
cells that exit the JVM, exhaust the heap or the stack leave a usable kernel with its state.

The wire messages are built by hand on raw pyzmq DEALER sockets with the connection file's key,
so nothing in jupyter_client can sanitise them on the way."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
import zmq

from kernel_harness import run_error, run_ok, spec_with_jvm_options, start_kernel, stop_kernel

DELIMITER = b"<IDS|MSG>"
NO_REPLY_WINDOW_S = 1.0


class RawChannel:
    """A DEALER socket speaking the wire protocol by hand."""

    def __init__(self, context: zmq.Context, url: str, key: bytes) -> None:
        self.key = key
        self.session = uuid.uuid4().hex
        self.socket = context.socket(zmq.DEALER)
        self.socket.setsockopt(zmq.LINGER, 0)
        self.socket.connect(url)

    def message(self, msg_type: str, content: dict[str, Any]) -> list[bytes]:
        header = {"msg_id": uuid.uuid4().hex, "username": "attacker", "session": self.session,
                  "date": datetime.now(timezone.utc).isoformat(), "msg_type": msg_type, "version": "5.3"}
        parts = [json.dumps(p).encode() for p in (header, {}, {}, content)]
        return [DELIMITER, self.sign(parts, self.key), *parts]

    @staticmethod
    def sign(parts: list[bytes], key: bytes) -> bytes:
        mac = hmac.new(key, digestmod=hashlib.sha256)
        for part in parts:
            mac.update(part)
        return mac.hexdigest().encode()

    def send(self, frames: list[bytes]) -> None:
        self.socket.send_multipart(frames)

    def replies(self, window: float) -> list[dict[str, Any]]:
        """Every message that arrives within `window` seconds, decoded."""
        received = []
        deadline = time.monotonic() + window
        while (remaining := deadline - time.monotonic()) > 0:
            if not self.socket.poll(int(remaining * 1000)):
                break
            frames = self.socket.recv_multipart()
            at = frames.index(DELIMITER)
            signature, parts = frames[at + 1], frames[at + 2: at + 6]
            assert hmac.compare_digest(signature, self.sign(parts, self.key)), "kernel reply badly signed"
            header, parent, _, content = (json.loads(p) for p in parts)
            received.append({"header": header, "parent_header": parent, "content": content})
        return received

    def reply_to(self, request: list[bytes], timeout: float) -> dict[str, Any]:
        msg_id = json.loads(request[2])["msg_id"]
        deadline = time.monotonic() + timeout
        while (remaining := deadline - time.monotonic()) > 0:
            for reply in self.replies(window=min(remaining, 0.2)):
                if reply["parent_header"].get("msg_id") == msg_id:
                    return reply
        raise TimeoutError(f"no reply to {request[2][:200]!r}")

    def close(self) -> None:
        self.socket.close()


def forged(frames: list[bytes]) -> list[bytes]:
    return [frames[0], RawChannel.sign(frames[2:], b"not-the-key"), *frames[2:]]


def unsigned(frames: list[bytes]) -> list[bytes]:
    return [frames[0], b"", *frames[2:]]


def truncated(frames: list[bytes]) -> list[bytes]:
    return frames[:3]


def non_json(channel: RawChannel) -> list[bytes]:
    parts = [b"{not json", b"{}", b"{}", b"\xff\xfe"]
    return [DELIMITER, channel.sign(parts, channel.key), *parts]


@pytest.fixture(scope="module")
def attacked_kernel(module_kernel) -> Iterator[tuple[Any, RawChannel, RawChannel]]:
    km, kc = module_kernel
    info = km.get_connection_info()
    if not info["key"]:
        pytest.fail("kernel started without a signing key")
    context = zmq.Context()
    key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
    shell = RawChannel(context, f"{info['transport']}://{info['ip']}:{info['shell_port']}", key)
    control = RawChannel(context, f"{info['transport']}://{info['ip']}:{info['control_port']}", key)
    run_ok(kc, "int attackCounter = 0;\nint replayCounter = 0;")
    yield kc, shell, control
    shell.close()
    control.close()
    context.term()


def kernel_info_answered(channel: RawChannel) -> dict[str, Any]:
    request = channel.message("kernel_info_request", {})
    channel.send(request)
    return channel.reply_to(request, timeout=10)


@pytest.mark.parametrize("channel_name", ["shell", "control"])
def test_bad_messages_are_dropped_and_channel_keeps_answering(attacked_kernel, channel_name: str) -> None:
    kc, shell, control = attacked_kernel
    channel = shell if channel_name == "shell" else control
    increment = {"code": "attackCounter += 1;", "silent": False, "store_history": True,
                 "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}
    # Executed, these would be visible in attackCounter; a shutdown would be visible as a dead kernel.
    harmful = [channel.message("execute_request", increment), channel.message("shutdown_request", {"restart": False})]

    for message in harmful:
        channel.send(forged(message))
        channel.send(unsigned(message))
        channel.send(truncated(message))
    channel.send(non_json(channel))
    channel.send([DELIMITER])
    channel.send([b"garbage-without-delimiter"])
    channel.send(channel.message("no_such_request", {}))

    assert channel.replies(NO_REPLY_WINDOW_S) == [], "a dropped message was answered"
    reply = kernel_info_answered(channel)
    assert reply["header"]["msg_type"] == "kernel_info_reply"
    assert reply["content"]["status"] == "ok"
    assert run_ok(kc, "attackCounter").text == "0"


def test_replayed_message_is_executed_once(attacked_kernel) -> None:
    kc, shell, _ = attacked_kernel
    request = shell.message("execute_request", {"code": "replayCounter += 1;", "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    shell.send(request)
    shell.send(request)

    replies = [r for r in shell.replies(window=5) if r["header"]["msg_type"] == "execute_reply"]
    assert len(replies) == 1, replies
    assert run_ok(kc, "replayCounter").text == "1"


def test_replayed_control_message_is_answered_once(attacked_kernel) -> None:
    _, _, control = attacked_kernel
    request = control.message("kernel_info_request", {})
    control.send(request)
    control.send(request)
    assert len(control.replies(window=3)) == 1


def test_system_exit_is_an_error_and_the_kernel_lives(fresh_kernel) -> None:
    km, kc = fresh_kernel
    run_ok(kc, "int beforeExit = 7;")
    run = run_error(kc, "System.exit(0);", timeout=30)
    assert "exit" in json.dumps(run.errors[0]).lower(), run.describe()
    assert km.is_alive()
    assert run_ok(kc, "beforeExit * 6").text == "42"


@pytest.fixture(scope="module")
def small_heap_kernel(tmp_path_factory: pytest.TempPathFactory):
    """A kernel with a 512 MB heap, so exhausting it is quick and does not squeeze the machine."""
    specs = spec_with_jvm_options("lakehouse-java", "lakehouse-java-small-heap", ["-Xmx512m"],
                                  tmp_path_factory.mktemp("small-heap-spec"))
    km, kc = start_kernel("lakehouse-java-small-heap", kernel_spec_manager=specs)
    run_ok(kc, 'int keptNumber = 5;\nString keptName = "state";')
    yield km, kc
    stop_kernel(km, kc)


def test_out_of_memory_leaves_kernel_usable(small_heap_kernel) -> None:
    km, kc = small_heap_kernel
    hog = "{ List<long[]> hog = new ArrayList<>(); while (true) hog.add(new long[5_000_000]); }"
    run = run_error(kc, hog, timeout=120)
    assert "OutOfMemoryError" in json.dumps(run.errors[0]), run.describe()
    assert km.is_alive()
    assert run_ok(kc, "keptNumber + 1").text == "6"
    assert "state" in run_ok(kc, "keptName").text
    assert run_ok(kc, "new long[10_000_000].length").text == "10000000", "the heap was not released"


def test_stack_overflow_leaves_kernel_usable(small_heap_kernel) -> None:
    km, kc = small_heap_kernel
    run_ok(kc, "int dive(int depth) { return dive(depth + 1) + 1; }")
    run = run_error(kc, "dive(0)", timeout=60)
    assert "StackOverflowError" in json.dumps(run.errors[0]), run.describe()
    assert run_ok(kc, "keptNumber * 2").text == "10"
