package dev.switchboard.gateway;

/**
 * What a route answers when it succeeds: the status, a JSON body (object, array, already encoded JSON in a
 * Buffer, or null for none) and, for a creation, the new resource's location.
 */
record Reply(int status, Object body, String location) {
  static Reply ok(Object body) {
    return new Reply(200, body, null);
  }

  static Reply created(Object body, String location) {
    return new Reply(201, body, location);
  }

  static Reply noContent() {
    return new Reply(204, null, null);
  }
}
