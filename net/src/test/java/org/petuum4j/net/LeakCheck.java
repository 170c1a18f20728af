package org.petuum4j.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class after which Netty's leak detector (paranoid in this module's tests: every
 * buffer is tracked) reports a leaked buffer. Registered for all tests of the module through
 * {@code META-INF/services}; it installs its detector factory before any test touches Netty.
 */
public final class LeakCheck implements AfterAllCallback {
  static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new ResourceLeakDetectorFactory() {
      @Override
      @SuppressWarnings("deprecation")
      public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
        return new ResourceLeakDetector<>(resource, samplingInterval) {
          @Override
          protected void reportTracedLeak(String resourceType, String records) {
            LEAKS.add(resourceType + " leaked:" + records);
            super.reportTracedLeak(resourceType, records);
          }

          @Override
          protected void reportUntracedLeak(String resourceType) {
            LEAKS.add(resourceType + " leaked");
            super.reportUntracedLeak(resourceType);
          }
        };
      }
    });
  }

  public LeakCheck() {}

  @Override
  public void afterAll(ExtensionContext context) throws InterruptedException {
    if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
      throw new IllegalStateException("run the net tests with -Dio.netty.leakDetection.level=paranoid");
    }
    // Leaks are reported when the detector next tracks a buffer after the leaked one was collected.
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(50);
      for (int j = 0; j < 100; j++) {
        ByteBuf a = PooledByteBufAllocator.DEFAULT.buffer(16);
        a.release();
        ByteBuf b = UnpooledByteBufAllocator.DEFAULT.buffer(16);
        b.release();
      }
    }
    if (!LEAKS.isEmpty()) {
      List<String> found = List.copyOf(LEAKS);
      LEAKS.clear();
      throw new AssertionError(found.size() + " Netty buffer leak(s) after " + context.getDisplayName() + ":\n"
          + String.join("\n", found));
    }
  }
}
