package io.hoplink.router.http;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Per-server settings of {@link ConnectionGuard}; zero durations disable a timer.
 *
 * @param draining true once the frontend drains: responses then carry {@code Connection: close}
 */
public record GuardSettings(Duration headTimeout, Duration idleTime, Duration lifeTime,
    BooleanSupplier draining) {}
