#pragma once
// The handle services write through: the open pqxx transaction of one request, and the
// device it acts for. Services never commit; the IdempotencyStore does.

#include <pqxx/pqxx>
#include <string>

namespace marquee::server {

class Transaction
{
public:
    explicit Transaction(pqxx::work& work)
        : m_work(work)
    {
    }
    pqxx::work& db() { return m_work; }

private:
    pqxx::work& m_work;
};

} // namespace marquee::server
