create table shop_order (id varchar(40) primary key, total numeric(12,2) not null);
