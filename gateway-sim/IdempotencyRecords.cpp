#include "IdempotencyRecords.h"

namespace marquee::gatewaysim {

IdempotencyRecords::Lookup IdempotencyRecords::begin(const std::string& key, const std::string& fingerprint)
{
    std::lock_guard lock(m_mutex);
    auto [it, inserted] = m_records.try_emplace(key);
    if (inserted) {
        it->second.fingerprint = fingerprint;
        return {Kind::Fresh, 0, {}};
    }
    const Record& record = it->second;
    if (record.fingerprint != fingerprint)
        return {Kind::Mismatch, 0, {}};
    if (!record.done)
        return {Kind::InProgress, 0, {}};
    return {Kind::Replay, record.status, record.body};
}

void IdempotencyRecords::finish(const std::string& key, int status, std::string body)
{
    std::lock_guard lock(m_mutex);
    Record& record = m_records[key];
    record.done = true;
    record.status = status;
    record.body = std::move(body);
}

void IdempotencyRecords::abandon(const std::string& key)
{
    std::lock_guard lock(m_mutex);
    m_records.erase(key);
}

void IdempotencyRecords::reset()
{
    std::lock_guard lock(m_mutex);
    m_records.clear();
}

} // namespace marquee::gatewaysim
