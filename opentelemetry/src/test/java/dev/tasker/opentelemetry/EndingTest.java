package dev.tasker.opentelemetry;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The hand-over from the engine loop to the background ending. */
class EndingTest {
    private static final class Item extends Ending.Pending {
        final String name;
        final List<String> done;

        Item(String name, List<String> done) {
            this.name = name;
            this.done = done;
        }

        @Override
        void complete() {
            done.add(name);
        }
    }

    @Test
    void items_handed_from_several_threads_complete_once_each_in_each_threads_order() throws Exception {
        Ending ending = new Ending();
        List<String> done = new CopyOnWriteArrayList<>();
        int perThread = 20_000;
        List<Thread> threads = new ArrayList<>();
        for (String t : List.of("a", "b")) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    ending.hand(new Item(t + i, done));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> done.size() >= 2 * perThread);
        assertEquals(2 * perThread, done.size(), "each item completes once");
        for (String t : List.of("a", "b")) {
            List<String> mine = done.stream().filter(s -> s.startsWith(t)).toList();
            for (int i = 0; i < perThread; i++) {
                assertEquals(t + i, mine.get(i), "items of one thread complete in the order handed over");
            }
        }
    }

    @Test
    void drain_completes_what_is_pending_on_the_callers_thread_before_it_returns() {
        Ending ending = new Ending();
        List<String> done = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ending.hand(new Item("x" + i, done));
        }
        ending.drain(); // whatever the poller has not done yet is done now
        assertEquals(1000, done.size());
        ending.hand(new Item("later", done));
        await().atMost(Duration.ofSeconds(30)).until(() -> done.size() == 1001); // the poller still runs
        assertEquals("later", done.get(1000));
    }

    @Test
    void an_item_that_throws_does_not_stop_the_others() {
        Ending ending = new Ending();
        List<String> done = new CopyOnWriteArrayList<>();
        ending.hand(new Item("before", done));
        ending.hand(new Ending.Pending() {
            @Override
            void complete() {
                throw new IllegalStateException("boom");
            }
        });
        ending.hand(new Item("after", done));
        ending.drain();
        assertEquals(List.of("before", "after"), done);
    }
}
