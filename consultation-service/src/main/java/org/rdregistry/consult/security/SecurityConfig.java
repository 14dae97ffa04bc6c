package org.rdregistry.consult.security;

import java.util.List;

import org.rdregistry.consult.problems.ProblemResponses;
import org.rdregistry.consult.problems.ProblemType;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtGrantedAuthoritiesConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Stateless JWT resource server. The decoder comes from Spring Boot's configuration
 * ({@code spring.security.oauth2.resourceserver.jwt.public-key-location} for the development issuer,
 * {@code issuer-uri} for a real OIDC provider). Authorities are the token's {@code roles} claim with
 * the prefix {@code ROLE_} (as in intake-service and stats-service). Patient endpoints need the role
 * {@code patient} (and, checked by the handlers, the consultation's access credential); expert endpoints the role
 * {@code expert} (and, checked by the handlers, the case's specialty in the token's {@code specialties} claim, or
 * the current lease). The model list is open to any authenticated caller; health and metrics are public.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    public static final String PATIENT = "patient";
    public static final String EXPERT = "expert";
    public static final String ROLES_CLAIM = "roles";
    /** The expert's queues: a JSON array of specialty names. */
    public static final String SPECIALTIES_CLAIM = "specialties";

    @Bean
    SecurityWebFilterChain consultSecurity(ServerHttpSecurity http) {
        ServerAuthenticationEntryPoint entryPoint = SecurityConfig::unauthorized;
        ServerAccessDeniedHandler accessDenied = (exchange, denied) -> ProblemResponses.write(exchange,
                ProblemResponses.problem(ProblemType.FORBIDDEN, "the token's roles do not allow this request", exchange,
                        List.of()), HttpHeaders.EMPTY);
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(c -> c.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(ex -> ex
                        .pathMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/v1/models").hasRole(EXPERT)
                        .pathMatchers("/api/v1/models", "/api/v1/models/**").authenticated()
                        .pathMatchers("/api/v1/queue").hasRole(EXPERT)
                        .pathMatchers("/api/v1/consultations/*/claim", "/api/v1/consultations/*/expert-view",
                                "/api/v1/consultations/*/opinion").hasRole(EXPERT)
                        .pathMatchers("/api/v1/consultations", "/api/v1/consultations/**").hasRole(PATIENT)
                        // anything else needs a valid token; unknown paths then answer 404
                        .anyExchange().authenticated())
                .oauth2ResourceServer(o -> o
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(rolesConverter()))
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(accessDenied))
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
                .build();
    }

    /**
     * Requests the security firewall rejects (an encoded '%', '/' or backslash in the path, and the like) get a
     * 400 problem too, instead of a bare status; the rejected path is not echoed.
     */
    @Bean
    ServerExchangeRejectedHandler problemRejectedHandler() {
        return (exchange, rejected) -> ProblemResponses.write(exchange, ProblemResponses.problem(ProblemType.BAD_REQUEST,
                "the request path or headers are not allowed", "/", List.of()), HttpHeaders.EMPTY);
    }

    static ReactiveJwtAuthenticationConverter rolesConverter() {
        JwtGrantedAuthoritiesConverter authorities = new JwtGrantedAuthoritiesConverter();
        authorities.setAuthoritiesClaimName(ROLES_CLAIM);
        authorities.setAuthorityPrefix("ROLE_");
        ReactiveJwtAuthenticationConverter converter = new ReactiveJwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new ReactiveJwtGrantedAuthoritiesConverterAdapter(authorities));
        return converter;
    }

    /** 401 with {@code WWW-Authenticate: Bearer} (RFC 6750), plus {@code error="invalid_token"} for a bad token. */
    private static reactor.core.publisher.Mono<Void> unauthorized(org.springframework.web.server.ServerWebExchange exchange,
            AuthenticationException ex) {
        boolean badToken = ex instanceof OAuth2AuthenticationException;
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        String detail = badToken ? "the bearer token is invalid or expired" : "a bearer token is required";
        return ProblemResponses.write(exchange, ProblemResponses.problem(ProblemType.UNAUTHORIZED, detail, exchange, List.of()),
                headers);
    }
}
