#pragma once
// What the screens look things up in: the cinema, its screens (layouts), films and price
// lists, read from the local database WITHOUT the shows. LocalStore::catalog() parses every
// show ever imported (a year of a busy cinema is thousands of JSON bodies, most of a second),
// while the screens need shows only by id (LocalStore::show) or by day (showsBetween).
//
// Works around a missing engine call (LocalStore::catalog(without shows)) by reading the
// store's meta/screens/films/price_lists tables directly, in the same JSON form.

#include "Catalog.h"
#include "LocalStore.h"

namespace marquee {

class ReferenceCatalog
{
public:
    static Result<Catalog> load(LocalStore& store);
};

} // namespace marquee
