#include "peer_wire.h"

#include <cstring>

#include "igtl_header.h"
#include "igtl_util.h"

namespace {

void put16(Bytes& b, uint16_t v) {
  b.push_back(v >> 8);
  b.push_back(v & 0xff);
}
void put32(Bytes& b, uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) b.push_back((v >> s) & 0xff);
}
void put64(unsigned char* p, uint64_t v) {
  for (int i = 0; i < 8; i++) p[i] = (v >> (56 - 8 * i)) & 0xff;
}
uint64_t get(const unsigned char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; i++) v = (v << 8) | p[i];
  return v;
}

}  // namespace

uint64_t crc64Of(const unsigned char* data, size_t size) {
  return crc64(const_cast<unsigned char*>(data), size, crc64(0, 0, 0LL));
}

Bytes wrapV2(const unsigned char* v1, size_t size, const Metadata& meta, uint32_t messageId) {
  const size_t contentSize = size - IGTL_HEADER_SIZE;
  Bytes metaHeader, metaBody;
  put16(metaHeader, meta.size());
  for (Metadata::const_iterator it = meta.begin(); it != meta.end(); ++it) {
    put16(metaHeader, it->first.size());
    put16(metaHeader, it->second.encoding);
    put32(metaHeader, it->second.value.size());
    metaBody.insert(metaBody.end(), it->first.begin(), it->first.end());
    metaBody.insert(metaBody.end(), it->second.value.begin(), it->second.value.end());
  }
  Bytes out(v1, v1 + IGTL_HEADER_SIZE);
  put16(out, 12);  // extended header size
  put16(out, metaHeader.size());
  put32(out, metaBody.size());
  put32(out, messageId);
  out.insert(out.end(), v1 + IGTL_HEADER_SIZE, v1 + size);
  out.insert(out.end(), metaHeader.begin(), metaHeader.end());
  out.insert(out.end(), metaBody.begin(), metaBody.end());
  const uint64_t bodySize = 12 + contentSize + metaHeader.size() + metaBody.size();
  out[0] = 0;
  out[1] = 2;
  put64(&out[42], bodySize);
  put64(&out[50], crc64Of(&out[IGTL_HEADER_SIZE], bodySize));
  return out;
}

WireMessage unwrap(const unsigned char* header58, const Bytes& body) {
  WireMessage m;
  m.headerVersion = (int)get(header58, 2);
  m.messageId = 0;
  m.crcOk = crc64Of(body.data(), body.size()) == get(header58 + 50, 8);
  size_t contentStart = 0, contentEnd = body.size();
  if (m.headerVersion >= 2 && body.size() >= 12) {
    const size_t extSize = get(&body[0], 2);
    const size_t metaHeaderSize = get(&body[2], 2);
    const size_t metaSize = get(&body[4], 4);
    m.messageId = (uint32_t)get(&body[8], 4);
    contentStart = extSize;
    contentEnd = body.size() - metaHeaderSize - metaSize;
    size_t h = contentEnd, v = body.size() - metaSize;
    const size_t count = metaHeaderSize >= 2 ? get(&body[h], 2) : 0;
    h += 2;
    for (size_t i = 0; i < count; i++, h += 8) {
      const size_t keySize = get(&body[h], 2);
      MetaValue mv;
      mv.encoding = (uint16_t)get(&body[h + 2], 2);
      const size_t valueSize = get(&body[h + 4], 4);
      std::string key(body.begin() + v, body.begin() + v + keySize);
      mv.value.assign(body.begin() + v + keySize, body.begin() + v + keySize + valueSize);
      v += keySize + valueSize;
      m.metadata[key] = mv;
    }
  }
  m.v1.assign(header58, header58 + IGTL_HEADER_SIZE);
  m.v1.insert(m.v1.end(), body.begin() + contentStart, body.begin() + contentEnd);
  m.v1[0] = 0;
  m.v1[1] = 1;
  put64(&m.v1[42], contentEnd - contentStart);
  put64(&m.v1[50], crc64Of(m.v1.data() + IGTL_HEADER_SIZE, contentEnd - contentStart));
  return m;
}
