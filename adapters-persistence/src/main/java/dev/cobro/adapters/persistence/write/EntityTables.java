package dev.cobro.adapters.persistence.write;

import org.hibernate.SessionFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.generator.Generator;
import org.hibernate.metamodel.MappingMetamodel;
import org.hibernate.metamodel.mapping.AttributeMapping;
import org.hibernate.metamodel.mapping.BasicEntityIdentifierMapping;
import org.hibernate.metamodel.mapping.BasicValuedModelPart;
import org.hibernate.metamodel.mapping.EmbeddableValuedModelPart;
import org.hibernate.metamodel.mapping.EntityIdentifierMapping;
import org.hibernate.metamodel.mapping.JdbcMapping;
import org.hibernate.metamodel.mapping.ModelPart;
import org.hibernate.metamodel.mapping.NonAggregatedIdentifierMapping;
import org.hibernate.metamodel.mapping.PluralAttributeMapping;
import org.hibernate.metamodel.mapping.SelectableMapping;
import org.hibernate.persister.entity.EntityPersister;
import org.hibernate.property.access.spi.Getter;
import org.hibernate.property.access.spi.Setter;
import org.hibernate.type.descriptor.WrapperOptions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables and columns of the entities as Hibernate mapped them: the one place the writes learn
 * a table's name, its columns, which of them an insert or an update writes ({@code @Column}'s
 * {@code insertable}/{@code updatable}) and how each value is bound (through the attribute's own
 * converter and JDBC type, as Hibernate would bind it). The entities name every column once;
 * {@link WriteBatch} builds its statements from what this reads.
 */
public final class EntityTables {

    private final MappingMetamodel metamodel;
    private final Map<Class<?>, Table> tables = new ConcurrentHashMap<>();

    public EntityTables(SessionFactory sessions) {
        this.metamodel = sessions.unwrap(SessionFactoryImplementor.class).getMappingMetamodel();
    }

    public Table of(Class<?> entity) {
        // A plain read first: every write asks, and the map holds a handful of tables from the first ones on.
        Table table = tables.get(entity);
        return table != null ? table : tables.computeIfAbsent(entity, c -> new Table(metamodel.getEntityDescriptor(c)));
    }

    /** One column's value, with the mapping that binds it and how a write binds it ({@link ColumnBinding}). */
    public record Value(Object value, JdbcMapping mapping, ColumnBinding binding) {

        public Value(Object value, JdbcMapping mapping) {
            this(value, mapping, ColumnBinding.of(mapping));
        }
    }

    /** The columns of a statement, in order, and their values. */
    public record Columns(List<String> names, List<Value> values) {

        public Columns() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        public void add(SelectableMapping column, Object value) {
            names.add(column.getSelectionExpression());
            values.add(new Value(value, column.getJdbcMapping()));
        }
    }

    /**
     * One column of an entity's table as the writes use it: its name, how its value binds, whether an
     * insert or an update writes it, and how its JDBC value is read from an entity (the attribute's
     * accessor, then its converter: what Hibernate's own disassembly of the attribute gives).
     */
    private record Column(String name, JdbcMapping mapping, ColumnBinding binding, boolean insertable,
                          boolean updatable, Function<Object, Object> value) {

        Column(String name, JdbcMapping mapping, boolean insertable, boolean updatable,
               Function<Object, Object> value) {
            this(name, mapping, ColumnBinding.of(mapping), insertable, updatable, value);
        }
    }

    /**
     * The columns of one kind of write of one table, fixed by the mapping: their names (one list,
     * shared by every row, so that a statement's text is found by it) and their readers.
     */
    private record Layout(List<String> names, List<Column> columns) {

        static Layout of(List<Column> columns) {
            return new Layout(columns.stream().map(Column::name).toList(), List.copyOf(columns));
        }

        Columns of(Object entity) {
            List<Value> values = new ArrayList<>(columns.size());
            for (Column column : columns) {
                values.add(new Value(entity == null ? null : column.value().apply(entity), column.mapping(),
                        column.binding()));
            }
            return new Columns(names, values);
        }
    }

    /** One entity's table. */
    public static final class Table {

        private static final Pattern BRACED = Pattern.compile("\\{(\\w+)}");

        private final EntityPersister persister;
        private final String name;
        // Read from the mapping once, with each column's reader: every write walks them, and the
        // mapping does not change. A write so reads each value through its attribute's accessor and
        // converter alone, not through the mapping model's breakdown of the whole entity.
        private final List<AttributeMapping> singular;
        private final List<PluralAttributeMapping> collections;
        private final Layout insert;
        private final Layout update;
        private final Layout id;
        private final Map<String, Layout> byAttribute;
        /** How {@link #read} reads each column: made on first use (racing threads make equal lists). */
        private volatile List<ColumnReader> readers;

        private Table(EntityPersister persister) {
            this.persister = persister;
            this.name = persister.getMappedTableDetails().getTableName();
            Generator generator = persister.getGenerator();
            boolean generatedId = generator != null && generator.generatedOnExecution();
            List<AttributeMapping> singular = new ArrayList<>();
            List<PluralAttributeMapping> collections = new ArrayList<>();
            persister.getAttributeMappings().forEach(a -> {
                if (a instanceof PluralAttributeMapping plural) {
                    collections.add(plural);
                } else {
                    singular.add(a);
                }
            });
            this.singular = List.copyOf(singular);
            this.collections = List.copyOf(collections);

            List<Column> idColumns = identifierColumns(persister);
            List<Column> attributeColumns = new ArrayList<>();
            Map<String, Layout> byAttribute = new HashMap<>();
            for (AttributeMapping attribute : this.singular) {
                List<Column> columns = new ArrayList<>();
                attributeColumns(attribute, Function.identity(), columns);
                attributeColumns.addAll(columns);
                byAttribute.put(attribute.getAttributeName(), Layout.of(columns));
            }
            List<Column> inserted = new ArrayList<>(generatedId ? List.of() : idColumns);
            attributeColumns.stream().filter(Column::insertable).forEach(inserted::add);
            this.insert = Layout.of(inserted);
            this.update = Layout.of(attributeColumns.stream().filter(Column::updatable).toList());
            this.id = Layout.of(idColumns);
            this.byAttribute = Map.copyOf(byAttribute);
        }

        /**
         * The key's columns: a basic key read by its accessor; an {@code @IdClass} key's columns read
         * from the entity's own key attributes (its virtual embeddable), without building the key.
         */
        private static List<Column> identifierColumns(EntityPersister persister) {
            EntityIdentifierMapping key = persister.getIdentifierMapping();
            List<Column> columns = new ArrayList<>();
            if (key instanceof BasicEntityIdentifierMapping basic) {
                columns(basic, basic::getIdentifier, columns);
            } else if (key instanceof NonAggregatedIdentifierMapping virtual) {
                virtual.getVirtualIdEmbeddable().forEachAttributeMapping(
                        attribute -> attributeColumns(attribute, Function.identity(), columns));
            } else {
                throw new IllegalStateException(persister.getEntityName() + " has a key Cobro's writes do not read");
            }
            List<String> mapped = new ArrayList<>();
            key.forEachSelectable((i, column) -> mapped.add(column.getSelectionExpression()));
            if (!mapped.equals(columns.stream().map(Column::name).toList())) {
                throw new IllegalStateException(persister.getEntityName() + "'s key columns " + mapped
                        + " are not its key attributes' " + columns.stream().map(Column::name).toList());
            }
            return columns;
        }

        /**
         * The columns of {@code attribute} of the object {@code owner} reads from the row's entity (the
         * entity itself, or one of its embeddables): the attribute's accessor on that object, then the
         * attribute's columns. A null owner (an absent embeddable) writes null in each of its columns, as
         * Hibernate's breakdown does.
         */
        private static void attributeColumns(AttributeMapping attribute, Function<Object, Object> owner,
                                             List<Column> into) {
            Getter getter = attribute.getPropertyAccess().getGetter();
            columns(attribute, entity -> {
                Object holder = owner.apply(entity);
                return holder == null ? null : getter.get(holder);
            }, into);
        }

        /**
         * The columns of {@code part}, each read from the row's entity through {@code value}, then the
         * part's own accessors.
         */
        private static void columns(ModelPart part, Function<Object, Object> value, List<Column> into) {
            if (part instanceof BasicValuedModelPart basic) {
                into.add(new Column(basic.getSelectionExpression(), basic.getJdbcMapping(), basic.isInsertable(),
                        basic.isUpdateable(), owner -> basic.disassemble(value.apply(owner), null)));
            } else if (part instanceof EmbeddableValuedModelPart embedded
                    && !embedded.getEmbeddableTypeDescriptor().isPolymorphic()) {
                embedded.getEmbeddableTypeDescriptor().forEachAttributeMapping(
                        attribute -> attributeColumns(attribute, value, into));
            } else {
                throw new IllegalStateException(part.getNavigableRole()
                        + " is neither a basic column nor an embeddable");
            }
        }

        public String name() {
            return name;
        }

        /** What an insert writes: the id (unless the database generates it) and every insertable column. */
        public Columns insert(Object entity) {
            return insert.of(entity);
        }

        /** What a later write may change: the {@code updatable} columns only. */
        public Columns update(Object entity) {
            return update.of(entity);
        }

        /** The row key's column and value. */
        public Columns id(Object entity) {
            return id.of(entity);
        }

        /** The column and value of one attribute (a guard's condition); with a null entity, a null value. */
        public Columns attribute(String attributeName, Object entity) {
            return attribute(attributeName).of(entity);
        }

        /** The column of one attribute. */
        public String column(String attributeName) {
            return attribute(attributeName).names().get(0);
        }

        /** The column of the row key. */
        public String idColumn() {
            return id.names().get(0);
        }

        /**
         * A native statement written with the entity's names: {@code {table}} becomes the table, a
         * braced attribute name its column, {@code {id}} the key's. The statement says what it does
         * and the mapping says what each name is called in the schema.
         */
        public String sql(String template) {
            Matcher names = BRACED.matcher(template);
            StringBuilder sql = new StringBuilder();
            while (names.find()) {
                String name = names.group(1);
                String replacement = switch (name) {
                    case "table" -> this.name;
                    case "id" -> idColumn();
                    default -> column(name);
                };
                names.appendReplacement(sql, Matcher.quoteReplacement(replacement));
            }
            return names.appendTail(sql).toString();
        }

        /**
         * The entity of {@code row}'s current row, for a flat entity (basic attributes, no element
         * collection): each column read by its own JDBC mapping and converter and set through the
         * attribute's accessor, as Hibernate would load it, without a query's result pipeline
         * around it. {@code row} must select the table's columns by their names ({@code select e.*}).
         */
        public <T> T read(Class<T> type, ResultSet row, WrapperOptions options) throws SQLException {
            if (readers == null) {
                readers = readers();
            }
            try {
                T entity = type.cast(persister.getMappedClass().getDeclaredConstructor().newInstance());
                for (ColumnReader reader : readers) {
                    reader.read(entity, row, options);
                }
                return entity;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(persister.getEntityName() + " cannot be instantiated", e);
            }
        }

        private List<ColumnReader> readers() {
            if (!collections.isEmpty()) {
                throw new IllegalStateException(persister.getEntityName() + " has element collections");
            }
            List<ColumnReader> readers = new ArrayList<>();
            if (persister.getIdentifierMapping() instanceof BasicEntityIdentifierMapping id) {
                readers.add(new ColumnReader(id.getSelectionExpression(), id.getJdbcMapping(),
                        id.getPropertyAccess().getSetter()));
            } else {
                throw new IllegalStateException(persister.getEntityName() + " has no basic identifier");
            }
            for (AttributeMapping attribute : singular) {
                if (!(attribute instanceof BasicValuedModelPart basic)) {
                    throw new IllegalStateException(persister.getEntityName() + "." + attribute.getAttributeName()
                            + " is not a basic column");
                }
                readers.add(new ColumnReader(basic.getSelectionExpression(), basic.getJdbcMapping(),
                        attribute.getPropertyAccess().getSetter()));
            }
            return List.copyOf(readers);
        }

        /** The element collections of the entity: each a table of its own. */
        public List<PluralAttributeMapping> collections() {
            return collections;
        }

        private Layout attribute(String attributeName) {
            Layout attribute = byAttribute.get(attributeName);
            if (attribute == null) {
                throw new IllegalArgumentException(persister.getEntityName() + " has no attribute " + attributeName);
            }
            return attribute;
        }
    }

    /**
     * One column of a row read into its attribute. An {@code Instant} in a timestamptz column is read
     * as the driver's {@code OffsetDateTime}: Hibernate's extractor reads it through a calendar it
     * fills for every value, which was a tenth of the outbox dispatcher's time in a profile.
     */
    private record ColumnReader(String column, JdbcMapping mapping, Setter setter, boolean instant) {

        ColumnReader(String column, JdbcMapping mapping, Setter setter) {
            this(column, mapping, setter, TimestampText.holdsInstants(mapping));
        }

        void read(Object entity, ResultSet row, WrapperOptions options) throws SQLException {
            int index = row.findColumn(column);
            if (instant) {
                OffsetDateTime value = row.getObject(index, OffsetDateTime.class);
                setter.set(entity, value == null ? null : value.toInstant());
                return;
            }
            Object jdbcValue = mapping.getJdbcValueExtractor().extract(row, index, options);
            setter.set(entity, mapping.convertToDomainValue(jdbcValue));
        }
    }

    /**
     * The rows of an element collection of {@code owner}: key, position, then the element's columns.
     */
    public static String collectionTable(PluralAttributeMapping collection) {
        return collection.getSeparateCollectionTable();
    }

    public static List<Columns> collectionRows(PluralAttributeMapping collection, Object ownerId, List<?> elements) {
        List<Columns> rows = new ArrayList<>(elements.size());
        for (int position = 0; position < elements.size(); position++) {
            Columns columns = new Columns();
            part(collection.getKeyDescriptor().getKeyPart(), ownerId, columns, c -> true);
            part(collection.getIndexDescriptor(), position, columns, c -> true);
            part(collection.getElementDescriptor(), elements.get(position), columns, c -> true);
            rows.add(columns);
        }
        return rows;
    }

    /** The part's columns that {@code include} keeps, each with its value as Hibernate would write it. */
    private static void part(ModelPart part, Object value, Columns columns, Predicate<SelectableMapping> include) {
        // No session: basic and embedded values are broken down by their converters alone.
        part.breakDownJdbcValues(value, 0, columns, include, (index, into, keep, jdbcValue, column) -> {
            if (keep.test(column)) {
                into.add(column, jdbcValue);
            }
        }, null);
    }
}
