package io.hoplink.namers.k8s;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewStatus;
import io.fabric8.kubernetes.api.model.authentication.UserInfo;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the Kubernetes API who a bearer token belongs to (a TokenReview, authentication.k8s.io/v1):
 * what the identity issuer does with the service account token a router sends. Blocking: call it
 * away from the event loops. Needs RBAC {@code create} on {@code tokenreviews}.
 */
public interface TokenReviewer {
  /** The extra key under which a bound token names its pod. */
  String POD_NAME = "authentication.kubernetes.io/pod-name";
  /** The extra key under which a bound token names its pod's node (Kubernetes 1.30 and later). */
  String NODE_NAME = "authentication.kubernetes.io/node-name";

  /**
   * What the API answered.
   *
   * @param username such as {@code system:serviceaccount:default:l5d}; empty unless authenticated
   * @param extra what the authenticator adds, such as {@link #POD_NAME}
   * @param audiences those of the review's that the token is for
   * @param error the API's reason for an unauthenticated token, if it gave one
   */
  record Review(boolean authenticated, String username, Map<String, List<String>> extra,
      List<String> audiences, Optional<String> error) {
    public Review {
      requireNonNull(username, "username");
      extra = Map.copyOf(extra);
      audiences = List.copyOf(audiences);
      requireNonNull(error, "error");
    }

    /** The first value of {@code key} in {@link #extra}, if any. */
    public Optional<String> extra(String key) {
      return Optional.ofNullable(extra.get(key)).flatMap(values -> values.stream().findFirst());
    }
  }

  /**
   * Reviews {@code token}.
   *
   * @throws RuntimeException (fabric8's KubernetesClientException) when the API does not answer
   */
  Review review(String token);

  /** Reviews through {@code api}, asking that the token be for {@code audiences} (empty: the API's own). */
  static TokenReviewer of(KubeApi api, List<String> audiences) {
    requireNonNull(api, "api");
    List<String> wanted = List.copyOf(audiences);
    return token -> {
      TokenReview asked = new TokenReviewBuilder().withNewSpec().withToken(token)
          .withAudiences(wanted.isEmpty() ? null : wanted).endSpec().build();
      TokenReviewStatus status = api.client().authentication().v1().tokenReviews().create(asked)
          .getStatus();
      if (status == null) {
        return new Review(false, "", Map.of(), List.of(), Optional.of("no status in the answer"));
      }
      UserInfo user = status.getUser();
      boolean authenticated = Boolean.TRUE.equals(status.getAuthenticated());
      return new Review(authenticated,
          authenticated && user != null && user.getUsername() != null ? user.getUsername() : "",
          user == null || user.getExtra() == null ? Map.of() : user.getExtra(),
          status.getAudiences() == null ? List.of() : status.getAudiences(),
          Optional.ofNullable(status.getError()).filter(e -> !e.isBlank()));
    };
  }
}
