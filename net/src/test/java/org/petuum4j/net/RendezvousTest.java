package org.petuum4j.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RendezvousTest {
  private final ExecutorService pool = Executors.newCachedThreadPool();
  private final String secret = ClusterSecret.generate();

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  private Future<String[]> gather(Rendezvous r, int round, int party, String message, AtomicBoolean cancelled) {
    return pool.submit(() -> Rendezvous.allGather(secret, "127.0.0.1", r.port(), round, party, message,
        cancelled::get));
  }

  /** Asserts every answer is {@code expected}. */
  @SafeVarargs
  private static void allAnswered(List<String> expected, Future<String[]>... answers) throws Exception {
    for (Future<String[]> a : answers) {
      assertThat(a.get(10, TimeUnit.SECONDS)).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void everyPartyGetsEveryMessageInPartyOrder() throws Exception {
    try (Rendezvous r = Rendezvous.start(secret, "127.0.0.1", 3)) {
      AtomicBoolean never = new AtomicBoolean();
      List<Future<String[]>> answers = new ArrayList<>();
      for (int p = 2; p >= 0; p--) {
        answers.add(gather(r, 0, p, "m" + p + ",é", never));
      }
      allAnswered(List.of("m0,é", "m1,é", "m2,é"), answers.toArray(Future[]::new));
    }
  }

  @Test
  void nobodyIsAnsweredBeforeTheLastPartyArrives() throws Exception {
    try (Rendezvous r = Rendezvous.start(secret, "127.0.0.1", 2)) {
      AtomicBoolean never = new AtomicBoolean();
      Future<String[]> first = gather(r, 0, 0, "a", never);
      Thread.sleep(300);
      assertThat(first.isDone()).isFalse();
      Future<String[]> second = gather(r, 0, 1, "b", never);
      allAnswered(List.of("a", "b"), first, second);
    }
  }

  @Test
  void aNewerRoundDropsTheWaitersOfTheOldOneAndStartsAfresh() throws Exception {
    try (Rendezvous r = Rendezvous.start(secret, "127.0.0.1", 2)) {
      AtomicBoolean never = new AtomicBoolean();
      Future<String[]> stale = gather(r, 0, 0, "old", never);
      Thread.sleep(300);
      Future<String[]> a = gather(r, 1, 1, "new1", never);
      assertThatThrownBy(() -> stale.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
          .cause().hasMessageContaining("closed the connection");
      Future<String[]> b = gather(r, 1, 0, "new0", never);
      allAnswered(List.of("new0", "new1"), a, b);
      // a party of the old round arriving late is turned away
      assertThatThrownBy(() -> gather(r, 0, 1, "late", never).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IOException.class);
    }
  }

  @Test
  void aPartyOutsideTheRangeOrTwiceInARoundIsTurnedAway() throws Exception {
    try (Rendezvous r = Rendezvous.start(secret, "127.0.0.1", 2)) {
      AtomicBoolean never = new AtomicBoolean();
      assertThatThrownBy(() -> gather(r, 0, 2, "x", never).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IOException.class);
      Future<String[]> first = gather(r, 0, 0, "a", never);
      Thread.sleep(200);
      assertThatThrownBy(() -> gather(r, 0, 0, "again", never).get(10, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IOException.class);
      assertThat(gather(r, 0, 1, "b", never).get(10, TimeUnit.SECONDS)).containsExactly("a", "b");
      assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly("a", "b");
    }
  }

  @Test
  void aPeerWithoutTheSecretIsRejected() throws Exception {
    try (Rendezvous r = Rendezvous.start(secret, "127.0.0.1", 1)) {
      assertThatThrownBy(() -> Rendezvous.allGather(ClusterSecret.generate(), "127.0.0.1", r.port(), 0, 0, "x",
          () -> false)).isInstanceOf(IOException.class);
      assertThat(Rendezvous.allGather(secret, "127.0.0.1", r.port(), 0, 0, "x", () -> false)).containsExactly("x");
    }
  }

  @Test
  void aCancelledWaitEnds() throws Exception {
    try (Rendezvous r = Rendezvous.start(secret, "127.0.0.1", 2)) {
      AtomicBoolean cancelled = new AtomicBoolean();
      Future<String[]> waiting = gather(r, 0, 0, "a", cancelled);
      Thread.sleep(200);
      cancelled.set(true);
      assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
          .cause().hasMessageContaining("cancelled");
    }
  }

  @Test
  void closingTheRendezvousEndsTheWaits() throws Exception {
    Rendezvous r = Rendezvous.start(secret, "127.0.0.1", 2);
    Future<String[]> waiting = gather(r, 0, 0, "a", new AtomicBoolean());
    Thread.sleep(300);
    r.close();
    assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
  }
}
