package dev.cobro.adapters.persistence;

import jakarta.persistence.Embedded;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OneToOne;
import org.junit.jupiter.api.Test;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hibernate runs without a bytecode provider ({@link HibernateSetup}): it can make no lazy proxy,
 * which holds only while no entity has an association. One added fails here, saying why, rather than
 * at run time on the first proxy.
 */
class HibernateSetupTest {

    private static final List<Class<? extends Annotation>> ASSOCIATIONS =
            List.of(ManyToOne.class, OneToOne.class, OneToMany.class, ManyToMany.class);

    @Test
    void noEntityHasAnAssociationThatWouldNeedAProxy() {
        List<String> associations = new ArrayList<>();
        for (Class<?> entity : HibernateSetup.ENTITIES) {
            collect(entity, associations);
        }
        assertThat(associations)
                .as("associations need lazy proxies, which HibernateSetup's bytecode provider ('none') cannot make")
                .isEmpty();
        assertThat(HibernateSetup.ENTITIES).isNotEmpty();
    }

    private static void collect(Class<?> type, List<String> associations) {
        for (Field field : type.getDeclaredFields()) {
            for (Class<? extends Annotation> association : ASSOCIATIONS) {
                if (field.isAnnotationPresent(association)) {
                    associations.add(type.getSimpleName() + "." + field.getName());
                }
            }
            if (field.isAnnotationPresent(Embedded.class)) {
                collect(field.getType(), associations);
            }
        }
    }
}
