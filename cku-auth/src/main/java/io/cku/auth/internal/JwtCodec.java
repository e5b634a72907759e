package io.cku.auth.internal;

import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import io.cku.auth.AccessToken;
import io.cku.auth.AuthProperties;
import io.cku.auth.InvalidToken;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.security.SignatureException;

/**
 * Signs and verifies access tokens with jjwt. Signing uses the current key only; verification pins HS256, takes the key
 * whose id the token names from the key ring (current or previous) and requires exp, iss and aud: a token's header never
 * chooses how it is checked, only which of our own keys.
 */
final class JwtCodec {

    static final String ALGORITHM = "HS256";
    /** The login session (refresh token family) a user's access token was issued in: ending the session refuses it. */
    static final String SESSION = "sid";

    private final KeyRing keys;
    private final AuthProperties properties;
    private final Clock clock;
    private final JwtParser parser;
    private final VerifiedTokens verified = new VerifiedTokens(VerifiedTokens.DEFAULT_CAPACITY);

    JwtCodec(KeyRing keys, AuthProperties properties, Clock clock) {
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
        this.parser = Jwts.parser()
                .keyLocator(new OwnKeys())
                .requireIssuer(properties.issuer())
                .requireAudience(properties.audience())
                .clockSkewSeconds(properties.clockSkew().toSeconds())
                .clock(() -> Date.from(clock.instant()))
                .build();
    }

    /** A signed token for this subject. */
    AccessToken sign(TokenSubject subject) {
        Instant now = clock.instant();
        Instant expires = now.plus(properties.tokenTtl());
        String id = UUID.randomUUID().toString();
        SigningKey key = keys.current();
        String token = Jwts.builder()
                .header().keyId(key.id()).and()
                .subject(subject.name())
                .issuer(properties.issuer())
                .audience().add(properties.audience()).and()
                .issuedAt(Date.from(now))
                .expiration(Date.from(expires))
                .id(id)
                .claim("tenant", subject.tenant())
                .claim("kind", subject.kind())
                .claim("roles", subject.roles())
                .claim(SESSION, subject.sessionId())
                .signWith(key.key(), Jwts.SIG.HS256)
                .compact();
        return new AccessToken(token, id, expires, properties.tokenTtl().toSeconds());
    }

    /**
     * The verified claims of a token; throws {@link InvalidToken} naming what is wrong. A token whose signature verified is
     * remembered until it expires, so the signature and the JSON are read once per token, not once per request: it can only
     * have verified with a key of this codec's ring, and its expiry is checked on every use. What may change meanwhile (the
     * account disabled, the session revoked) is not in the token and is checked by the caller every time.
     */
    VerifiedToken verify(String token) {
        VerifiedToken remembered = verified.get(token);
        if (remembered != null) {
            if (clock.instant().isAfter(remembered.expiresAt().plus(properties.clockSkew()))) {
                throw new InvalidToken(InvalidToken.Kind.EXPIRED, "the token has expired");
            }
            return remembered;
        }
        VerifiedToken checked = parse(token);
        verified.put(token, checked, clock.instant());
        return checked;
    }

    private VerifiedToken parse(String token) {
        try {
            Claims claims = parser.parseSignedClaims(token).getPayload();
            return VerifiedToken.of(claims);
        } catch (ExpiredJwtException e) {
            throw new InvalidToken(InvalidToken.Kind.EXPIRED, "the token has expired");
        } catch (PrematureJwtException e) {
            throw new InvalidToken("the token is not valid yet");
        } catch (MissingClaimException | IncorrectClaimException e) {
            throw new InvalidToken("the token's '" + e.getClaimName() + "' claim is missing or wrong");
        } catch (SignatureException e) {
            throw new InvalidToken("the token's signature does not verify");
        } catch (InvalidToken e) {
            throw e;
        } catch (JwtException | IllegalArgumentException e) {
            throw new InvalidToken("the token is malformed or not a signed JWT");
        }
    }

    /** Who a token is for, and the login session it belongs to ({@code sid}; null for a service account, which has none). */
    record TokenSubject(String name, String tenant, String kind, Collection<String> roles, String sessionId) {
    }

    /** The claims of a token whose signature and times checked out; {@code sessionId} is null when it has no {@code sid}. */
    record VerifiedToken(String subject, String tenant, String kind, String id, Instant expiresAt, String sessionId) {

        static VerifiedToken of(Claims claims) {
            if (claims.getExpiration() == null) {
                throw new InvalidToken("the token has no 'exp' claim");
            }
            String tenant = claims.get("tenant", String.class);
            String kind = claims.get("kind", String.class);
            if (claims.getSubject() == null || tenant == null || kind == null || claims.getId() == null) {
                throw new InvalidToken("the token lacks one of the claims sub, tenant, kind, jti");
            }
            return new VerifiedToken(claims.getSubject(), tenant, kind, claims.getId(), claims.getExpiration().toInstant(),
                    claims.get(SESSION, String.class));
        }
    }

    /** Hands jjwt the key of the ring that the token's key id names, and only for HS256 tokens. */
    private final class OwnKeys extends LocatorAdapter<Key> {

        @Override
        protected Key locate(ProtectedHeader header) {
            if (!ALGORITHM.equals(header.getAlgorithm())) {
                throw new InvalidToken("tokens must be signed with " + ALGORITHM + ", not " + header.getAlgorithm());
            }
            return keys.withId(header.getKeyId()).map(SigningKey::key)
                    .orElseThrow(() -> new InvalidToken("the token's key id is unknown"));
        }

        @Override
        protected Key doLocate(Header header) {
            throw new InvalidToken("unsigned tokens are not accepted");
        }
    }

    static List<String> names(Collection<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().toList();
    }
}
