package dev.switchboard.order;

/** What a PUT changes; null fields stay as they are. */
record OrderChanges(String itemDescription, Integer itemQuantity, Integer itemPrice, String status) {
}
