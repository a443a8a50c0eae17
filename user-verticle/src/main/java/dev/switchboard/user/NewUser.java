package dev.switchboard.user;

/** A validated user to create; {@link #toString()} never shows the password. */
record NewUser(String nickName, String password, String fullName, String cpf, String email, String phoneNumber) {
  @Override
  public String toString() {
    return "NewUser[nickName=" + nickName + "]";
  }
}
