package dev.switchboard.peer;

/**
 * A user as Switchboard's {@code GET /users/{id}} answers it — never its password; timestamps as ISO-8601
 * in UTC. Written in snake case ({@code spring.jackson.property-naming-strategy}): {@code user_id,
 * nick_name, full_name, cpf, email, phone_number, created_at, updated_at}.
 */
public record User(int userId, String nickName, String fullName, String cpf, String email, String phoneNumber,
                   String createdAt, String updatedAt) {
}
