package dev.systemauth.autoconfigure.web;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;

/**
 * Finds an annotation on a handler method or, failing that, on its class, once per handler: interceptors
 * ask on every request, and the answer never changes. Handlers are a fixed set, so the cache is bounded by
 * the application's own mappings.
 *
 * @param <A> the annotation type
 */
final class HandlerAnnotations<A extends Annotation> {

	private final Class<A> type;

	private final ConcurrentHashMap<Handler, Optional<A>> found = new ConcurrentHashMap<>();

	HandlerAnnotations(Class<A> type) {
		this.type = type;
	}

	@Nullable A find(HandlerMethod method) {
		return this.found.computeIfAbsent(new Handler(method.getBeanType(), method.getMethod()), this::lookUp)
			.orElse(null);
	}

	private Optional<A> lookUp(Handler handler) {
		A annotation = AnnotatedElementUtils.findMergedAnnotation(handler.method(), this.type);
		if (annotation == null) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(handler.beanType(), this.type);
		}
		return Optional.ofNullable(annotation);
	}

	private record Handler(Class<?> beanType, Method method) {
	}

}
