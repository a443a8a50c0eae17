package dev.switchboard.order;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.config.ConfigLoader;
import dev.switchboard.platform.config.SwitchboardConfig;
import dev.switchboard.storage.PgPools;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The intake's batch statements are planned for their arguments on every call: a cached generic plan, made
 * while {@code order_intake} was nearly empty, scanned the whole table on every batch for ever after (2,700
 * sequential scans and 37 M rows read in one 25 s benchmark run). The single statements stay cached.
 */
class IntakeBatchStatementsTest {
  @Test
  void theBatchStatementsAreNeverTakenIntoThePreparedStatementCache() {
    SwitchboardConfig.Postgres pg = SwitchboardConfig.from(ConfigLoader.merge(null, null, new Properties(), Map.of()))
        .postgres();
    Predicate<String> cached = PgPools.connectOptions(pg).getPreparedStatementCacheSqlFilter();
    assertThat(List.of(IntakeRepository.ACCEPT_ALL, IntakeRepository.STORE_ALL, IntakeRepository.MARK_ALL_STORED))
        .noneMatch(cached);
    assertThat(List.of(IntakeRepository.ACCEPT, IntakeRepository.STORE, IntakeRepository.MARK_STORED))
        .allMatch(cached);
  }
}
