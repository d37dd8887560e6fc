// libOpenIGTLink side of bench/igtlink.bench.ts: the same 640x480 uint8 IMAGE + TRANSFORM stream packed with
// CRC and unpacked with the CRC checked, as an application using the library would (one message object per
// type, pixels copied in per frame; received bytes copied into the message's buffer as Socket::Receive would).
//
//   igtlink_bench FRAMES  ->  one JSON line: frames, seconds per phase, bytes per frame, CRC-64 GB/s
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "igtlImageMessage.h"
#include "igtlMessageHeader.h"
#include "igtlTransformMessage.h"
#include "igtl_header.h"
#include "igtl_util.h"

static double now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char* argv[]) {
  const int frames = argc > 1 ? atoi(argv[1]) : 300;
  const int W = 640, H = 480;
  std::vector<unsigned char> pixels(W * H);
  for (int i = 0; i < W * H; i++) pixels[i] = (unsigned char)((i * 31) >> 3);

  igtl::ImageMessage::Pointer img = igtl::ImageMessage::New();
  img->SetDeviceName("Image_Reference");
  img->SetDimensions(W, H, 1);
  img->SetSpacing(0.2f, 0.2f, 1.0f);
  img->SetScalarType(igtl::ImageMessage::TYPE_UINT8);
  img->AllocateScalars();
  igtl::TransformMessage::Pointer tr = igtl::TransformMessage::New();
  tr->SetDeviceName("ProbeToReference");
  igtl::Matrix4x4 m;
  igtl::IdentityMatrix(m);

  std::vector<std::vector<unsigned char> > wire;
  wire.reserve(2);
  double t0 = now();
  size_t bytes = 0;
  std::vector<unsigned char> lastImage, lastTransform;
  for (int f = 0; f < frames; f++) {
    pixels[f % pixels.size()] ^= 1;
    m[0][3] = (float)f;
    img->SetTimeStamp(1700000000u + f, 0);
    tr->SetTimeStamp(1700000000u + f, 0);
    memcpy(img->GetScalarPointer(), &pixels[0], pixels.size());
    img->SetMatrix(m);
    img->Pack();
    tr->SetMatrix(m);
    tr->Pack();
    bytes += img->GetPackSize() + tr->GetPackSize();
    if (f == frames - 1) {
      const unsigned char* p = (const unsigned char*)img->GetPackPointer();
      lastImage.assign(p, p + img->GetPackSize());
      p = (const unsigned char*)tr->GetPackPointer();
      lastTransform.assign(p, p + tr->GetPackSize());
    }
  }
  const double encode = now() - t0;

  igtl::MessageHeader::Pointer hdr = igtl::MessageHeader::New();
  igtl::ImageMessage::Pointer rimg = igtl::ImageMessage::New();
  igtl::TransformMessage::Pointer rtr = igtl::TransformMessage::New();
  long checksum = 0;
  t0 = now();
  for (int f = 0; f < frames; f++) {
    for (int k = 0; k < 2; k++) {
      const std::vector<unsigned char>& w = k == 0 ? lastImage : lastTransform;
      hdr->InitPack();
      memcpy(hdr->GetPackPointer(), &w[0], IGTL_HEADER_SIZE);
      hdr->Unpack();
      igtl::MessageBase* msg = k == 0 ? (igtl::MessageBase*)rimg.GetPointer() : (igtl::MessageBase*)rtr.GetPointer();
      msg->SetMessageHeader(hdr);
      msg->AllocatePack();
      memcpy(msg->GetPackBodyPointer(), &w[IGTL_HEADER_SIZE], msg->GetPackBodySize());
      if (!(msg->Unpack(1) & igtl::MessageHeader::UNPACK_BODY)) {
        fprintf(stderr, "CRC check failed\n");
        return 1;
      }
    }
    checksum += ((unsigned char*)rimg->GetScalarPointer())[f % (W * H)];
  }
  const double decode = now() - t0;

  std::vector<unsigned char> big(64 << 20);
  for (size_t i = 0; i < big.size(); i++) big[i] = (unsigned char)(i * 131);
  t0 = now();
  igtl_uint64 crc = crc64(&big[0], big.size(), crc64(0, 0, 0LL));
  const double crcSec = now() - t0;

  printf("{\"frames\":%d,\"bytesPerFrame\":%zu,\"encodeSec\":%.6f,\"decodeSec\":%.6f,\"crcBytes\":%zu,"
         "\"crcSec\":%.6f,\"crc\":\"%016llx\",\"checksum\":%ld}\n",
         frames, bytes / frames, encode, decode, big.size(), crcSec, (unsigned long long)crc, checksum);
  return 0;
}
