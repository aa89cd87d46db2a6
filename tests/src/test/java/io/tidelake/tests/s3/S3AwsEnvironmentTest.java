package io.tidelake.tests.s3;

import static io.tidelake.tests.s3.TestData.SCHEMA;
import static io.tidelake.tests.s3.TestData.ids;
import static io.tidelake.tests.s3.TestData.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidelake.format.store.ObjectStore;
import io.tidelake.format.store.ObjectStores;
import io.tidelake.format.store.s3.S3ObjectStore;
import io.tidelake.table.Table;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Configuration the AWS way, with no store options at all: the endpoint from {@code aws.endpointUrlS3}
 * (the system-property twin of AWS_ENDPOINT_URL_S3), credentials and region from the SDK's default
 * chains (aws.accessKeyId / aws.secretAccessKey / aws.region), path-style chosen by itself for an IP.
 */
class S3AwsEnvironmentTest {
  private static final List<String> PROPS = List.of("aws.endpointUrlS3", "aws.endpointUrl", "aws.accessKeyId",
      "aws.secretAccessKey", "aws.region");

  @AfterEach
  void clear() {
    PROPS.forEach(System::clearProperty);
  }

  @Test
  void tablesOpenWithTheAwsDefaultChainsAndNoOptions() {
    S3TestServer server = S3TestServer.shared();
    String bucket = server.newBucket();
    System.setProperty("aws.endpointUrl", "http://203.0.113.1:1"); // the general one loses to the S3-specific one
    System.setProperty("aws.endpointUrlS3", server.endpoint().toString());
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    System.setProperty("aws.region", "eu-central-1");

    String location = "s3://" + bucket + "/events";
    Table t = Table.create(location).schema(SCHEMA).partitionBy("date").create();
    t.newAppend().addRows(rows(0, 6)).commit();
    assertThat(ids(Table.open(location))).containsExactly(0, 1, 2, 3, 4, 5);
    try (ObjectStore store = ObjectStores.forLocation(location, Map.of())) {
      assertThat(store).isInstanceOf(S3ObjectStore.class);
      assertThat(((S3ObjectStore) store).options().usePathStyle()).isTrue();
      assertThat(((S3ObjectStore) store).options().endpoint()).isEqualTo(server.endpoint());
    }
  }
}
