// Shared declarations of igtl_peer: wire framing (header v1 from the library, header v2 framed here because
// Debian's libopenigtlink 1.11 predates it) and the JSON description of a message.
#ifndef SPINEBRIDGE_PEER_WIRE_H
#define SPINEBRIDGE_PEER_WIRE_H

#include <cstdint>
#include <map>
#include <string>
#include <vector>

typedef std::vector<unsigned char> Bytes;

struct MetaValue {
  uint16_t encoding;
  std::string value;
};
typedef std::map<std::string, MetaValue> Metadata;

// One message as seen on the wire, reduced to a v1 message (header + content) that the library can unpack.
struct WireMessage {
  int headerVersion;  // what was on the wire
  uint32_t messageId;
  Metadata metadata;
  bool crcOk;         // CRC-64 of the whole body as sent
  Bytes v1;           // 58-byte header (version 1, body = content) + content
};

// Wraps a packed v1 message into header v2: extended header, content, metadata header, metadata body
// (layout of OpenIGTLink 3's igtlMessageBase.cxx PackExtendedHeader/PackMetaData); CRC over the whole body.
Bytes wrapV2(const unsigned char* v1, size_t size, const Metadata& meta, uint32_t messageId);

// Parses a received header + body (either version) into a WireMessage.
WireMessage unwrap(const unsigned char* header58, const Bytes& body);

uint64_t crc64Of(const unsigned char* data, size_t size);

// One JSON object describing the message through the library's own Unpack(1).
std::string describe(const char* dir, const WireMessage& m);

#endif
