package dev.lakehouse.kernel.jupyter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {
    @TempDir
    Path dir;

    @Test
    void aNewSessionSeesEarlierSessionsAndNumbersItselfAfterThem() {
        Path file = dir.resolve("history.jsonl");
        History first = new History(file);
        first.add(1, "int x = 1;", null);
        first.add(2, "x + 1", "2");
        first.flush(Duration.ofSeconds(10)); // the next session starts after this one wrote its entries
        History second = new History(file);
        second.add(1, "x * 10", "10");

        assertThat(second.session()).isEqualTo(first.session() + 1);
        assertThat(second.tail(3)).extracting(History.Entry::input).containsExactly("int x = 1;", "x + 1", "x * 10");
        assertThat(second.range(-1, 1, 0)).extracting(History.Entry::output).containsExactly(null, "2");
        assertThat(second.search("*x*", 0, false)).hasSize(3);
    }

    @Test
    void anEntryIsVisibleAtOnceAndInTheFileAfterFlush() throws IOException {
        Path file = dir.resolve("history.jsonl");
        History history = new History(file);

        history.add(1, "1 + 1", "2");

        assertThat(history.tail(1)).extracting(History.Entry::input).containsExactly("1 + 1");
        history.flush(Duration.ofSeconds(10));
        assertThat(Files.readString(file)).isEqualTo("{\"session\":1,\"line\":1,\"input\":\"1 + 1\",\"output\":\"2\"}\n");
    }

    @Test
    void aLongFileIsReadFromItsEndOnlyKeepingTheNewestEntries() throws IOException {
        Path file = dir.resolve("history.jsonl");
        StringBuilder lines = new StringBuilder();
        int written = History.KEPT * 2 + 500;
        for (int i = 1; i <= written; i++) {
            int session = i <= History.KEPT ? 1 : 2;
            lines.append("{\"session\":").append(session).append(",\"line\":").append(i)
                    .append(",\"input\":\"cell ").append(i).append("\"}\n");
        }
        Files.writeString(file, lines, StandardCharsets.UTF_8);

        History history = new History(file);

        assertThat(history.session()).isEqualTo(3);
        List<History.Entry> kept = history.tail(Integer.MAX_VALUE);
        assertThat(kept).hasSize(History.KEPT);
        assertThat(kept.get(0).input()).isEqualTo("cell " + (written - History.KEPT + 1));
        assertThat(kept.get(kept.size() - 1).input()).isEqualTo("cell " + written);
    }

    @Test
    void aTornLastLineIsSkippedAndTheSessionComesFromTheLastCompleteOne() throws IOException {
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, "{\"session\":4,\"line\":1,\"input\":\"a\"}\n{\"session\":4,\"li", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE);

        History history = new History(file);

        assertThat(history.session()).isEqualTo(5);
        assertThat(history.tail(10)).extracting(History.Entry::input).containsExactly("a");
        history.add(1, "b", null);
        history.flush(Duration.ofSeconds(10));
        assertThat(new History(file).tail(10)).extracting(History.Entry::input).containsExactly("a", "b");
    }

    @Test
    void lastLinesReturnsTheTailAcrossGrowingWindows() throws IOException {
        Path file = dir.resolve("lines.txt");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            text.append("line-").append(i).append('\n');
        }
        Files.writeString(file, text);

        assertThat(History.lastLines(file, 3)).containsExactly("line-49997", "line-49998", "line-49999");
        assertThat(History.lastLines(file, 100_000)).hasSize(50_000).startsWith("line-0");
    }
}
