-- One PostgreSQL server, one database per service (each service migrates its own with Flyway).
create database catalog;
create database users;
create database payments;
